import Foundation
import KaizenCore
import KaizenStore
import Testing

@testable import KaizenLLM

/// Against the real embedded server (llama-cpp-python + Gemma 3 270M), which `.ci/run` starts.
/// Set KAIZEN_LLM_URL to test another server; with KAIZEN_REQUIRE_LOCAL_LLM=1 (as in CI) an
/// unreachable server fails the test instead of skipping it.
enum LocalLLM {
    static let baseURL = URL(string: ProcessInfo.processInfo.environment["KAIZEN_LLM_URL"] ?? "http://127.0.0.1:8089/v1")!
    static let required = ProcessInfo.processInfo.environment["KAIZEN_REQUIRE_LOCAL_LLM"] == "1"
    static let reachable: Bool = {
        guard let host = baseURL.host, let port = baseURL.port else { return false }
        return TCPProbe.check(host: host, port: port, timeout: .seconds(1)) == .reachable
    }()
    static var enabled: Bool { required || reachable }
}

@Suite(.enabled(if: LocalLLM.enabled, "no local LLM server at \(LocalLLM.baseURL); run `kaizen llm local start`"), .serialized)
struct LocalLLMIntegrationTests {
    /// A schema llama.cpp's grammar can enforce: enums, required fields, no float bounds.
    static let schema: JSONValue = .object([
        "type": .string("object"),
        "properties": .object([
            "persona": .object(["type": .string("string"), "enum": .array(["optimizer", "architecture", "reward"].map(JSONValue.string))]),
            "hypothesis": .object(["type": .string("string")]),
            "optimizer": .object(["type": .string("string"), "enum": .array(["sgd", "adam", "adamw"].map(JSONValue.string))]),
            "steps": .object(["type": .string("array"), "items": .object(["type": .string("string")]), "minItems": .number(1), "maxItems": .number(3)]),
        ]),
        "required": .array(["persona", "hypothesis", "optimizer", "steps"].map(JSONValue.string)),
        "additionalProperties": .bool(false),
    ])

    @Test func schemaConstrainedChatReturnsValidJSON() async throws {
        let store = try Store.inMemory()
        let client = LLMClient(endpoint: LLMEndpoint(baseURL: LocalLLM.baseURL, model: "gemma-3-270m", requestTimeout: .seconds(60), maxRetries: 2), recorder: store)
        let reply = try await client.chat(
            [
                ChatMessage(.system, "You are the optimizer persona of an ML tuning agent. Answer in JSON."),
                ChatMessage(.user, "Propose one optimizer change for a ranking model that overfits."),
            ],
            format: .jsonSchema(name: "proposal", schema: Self.schema),
            options: SamplingOptions(maxTokens: 200, temperature: 0.2, seed: 7), purpose: "integration")
        let json = try #require(reply.json)
        #expect(JSONSchemaValidator.problems(of: json, against: Self.schema).isEmpty)
        #expect(reply.completionTokens ?? 0 > 0)
        let calls = try store.llmCalls()
        #expect(calls.first?.errorClass == nil)
        #expect(calls.first?.completionTokens == reply.completionTokens)
    }

    @Test func modelsAndCompletionAnswer() async throws {
        let client = LLMClient(endpoint: LLMEndpoint(baseURL: LocalLLM.baseURL, model: "gemma-3-270m", requestTimeout: .seconds(60)))
        #expect(try await !client.models().isEmpty)
        let reply = try await client.complete("The capital of France is", options: SamplingOptions(maxTokens: 8, temperature: 0))
        #expect(!reply.text.isEmpty)
    }
}
