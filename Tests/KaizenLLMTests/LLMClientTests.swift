import Foundation
import KaizenCore
import KaizenStore
import ScriptedLLMServer
import Synchronization
import Testing

@testable import KaizenLLM

/// Collects the waits the client asks for instead of sleeping, so retry tests run at once.
final class SleepLog: Sendable {
    let waits = Mutex<[Duration]>([])
    var recorded: [Duration] { waits.withLock { $0 } }
    func sleep(_ d: Duration) async throws { waits.withLock { $0.append(d) } }
}

let proposalSchema: JSONValue = .object([
    "type": .string("object"),
    "properties": .object([
        "hypothesis": .object(["type": .string("string")]),
        "lr": .object(["type": .string("number"), "minimum": .number(0.0001), "maximum": .number(1)]),
    ]),
    "required": .array([.string("hypothesis"), .string("lr")]),
    "additionalProperties": .bool(false),
])

func makeClient(_ server: ScriptedLLMServer, store: Store? = nil, sleeps: SleepLog = SleepLog(), retries: Int = 3, timeout: Duration = .seconds(10), key: String? = nil, inFlight: Int = 4) -> LLMClient {
    let endpoint = LLMEndpoint(
        baseURL: server.baseURL, model: "scripted-model", apiKey: key.map(LLMSecret.init), requestTimeout: timeout,
        maxRetries: retries, initialBackoff: .milliseconds(100), maxBackoff: .seconds(2), maxInFlight: inFlight)
    return LLMClient(endpoint: endpoint, recorder: store, sleep: { try await sleeps.sleep($0) })
}

func expectLLMError(_ body: () async throws(LLMError) -> Void, _ check: (LLMError) -> Bool, sourceLocation: SourceLocation = #_sourceLocation) async {
    do {
        try await body()
        Issue.record("expected an LLMError", sourceLocation: sourceLocation)
    } catch {
        #expect(check(error), "unexpected error: \(error)", sourceLocation: sourceLocation)
    }
}

@Suite struct LLMClientTests {
    @Test func chatSucceedsAndIsRecorded() async throws {
        let server = try ScriptedLLMServer(script: [.respond(status: 200, body: OpenAIBody.chat(content: #"{"hypothesis":"warmup helps","lr":0.01}"#, promptTokens: 42, completionTokens: 17))])
        let store = try Store.inMemory()
        let client = makeClient(server, store: store, key: "sk-test-secret-123")
        let reply = try await client.chat([ChatMessage(.system, "You propose."), ChatMessage(.user, "Go")], format: .jsonSchema(name: "proposal", schema: proposalSchema), purpose: "test")
        #expect(reply.json?["lr"]?.doubleValue == 0.01)
        #expect(reply.promptTokens == 42 && reply.completionTokens == 17)
        #expect(reply.attempts == 1)

        let request = try #require(server.requests.first)
        #expect(request.method == "POST" && request.path == "/v1/chat/completions")
        #expect(request.headers["authorization"] == "Bearer sk-test-secret-123")
        let body = try JSONValue.parse(request.body)
        #expect(body["model"]?.stringValue == "scripted-model")
        #expect(body["messages"]?.arrayValue?.count == 2)
        #expect(body["response_format"]?["type"]?.stringValue == "json_schema")
        #expect(body["response_format"]?["json_schema"]?["schema"] == proposalSchema)

        let calls = try store.llmCalls()
        #expect(calls.count == 1)
        #expect(calls[0].status == 200 && calls[0].errorClass == nil && calls[0].promptTokens == 42 && calls[0].purpose == "test")
    }

    @Test func rateLimitHonoursRetryAfterThenSucceeds() async throws {
        let server = try ScriptedLLMServer(script: [
            .respond(status: 429, headers: ["Retry-After": "2"], body: OpenAIBody.error("slow down", type: "rate_limit")),
            .respond(status: 200, body: OpenAIBody.chat(content: "ok")),
        ])
        let store = try Store.inMemory()
        let sleeps = SleepLog()
        let reply = try await makeClient(server, store: store, sleeps: sleeps).chat([ChatMessage(.user, "hi")])
        #expect(reply.text == "ok" && reply.attempts == 2)
        #expect(sleeps.recorded == [.seconds(2)])
        #expect(try store.llmCalls().map(\.errorClass).reversed() == ["http_429", nil])
    }

    @Test func serverErrorIsRetriedWithBackoff() async throws {
        let server = try ScriptedLLMServer(script: [
            .respond(status: 500, body: OpenAIBody.error("boom")),
            .respond(status: 503, body: OpenAIBody.error("busy")),
            .respond(status: 200, body: OpenAIBody.chat(content: "fine")),
        ])
        let sleeps = SleepLog()
        let reply = try await makeClient(server, sleeps: sleeps).chat([ChatMessage(.user, "hi")])
        #expect(reply.text == "fine" && reply.attempts == 3)
        #expect(sleeps.recorded.count == 2)
        // Full jitter: each wait is at most initial × 2^(attempt−1).
        #expect(sleeps.recorded[0] <= .milliseconds(100) && sleeps.recorded[1] <= .milliseconds(200))
    }

    @Test func retriesStopAtTheLimit() async throws {
        let server = try ScriptedLLMServer(script: [], fallback: .respond(status: 502, body: "bad gateway"))
        let store = try Store.inMemory()
        await expectLLMError({ () async throws(LLMError) in _ = try await makeClient(server, store: store, retries: 2).chat([ChatMessage(.user, "hi")]) }) {
            if case .http(_, 502, _) = $0 { true } else { false }
        }
        #expect(server.requestCount == 3)
        #expect(try store.llmCalls().map(\.attempt).sorted() == [1, 2, 3])
    }

    @Test func clientErrorIsNotRetried() async throws {
        let server = try ScriptedLLMServer(script: [], fallback: .respond(status: 401, body: #"{"error":"invalid key sk-test-secret-123"}"#))
        let sleeps = SleepLog()
        await expectLLMError({ () async throws(LLMError) in _ = try await makeClient(server, sleeps: sleeps, key: "sk-test-secret-123").chat([ChatMessage(.user, "hi")]) }) { error in
            // The key the server echoed never reaches the error text.
            if case .http(_, 401, let body) = error { !body.contains("sk-test-secret-123") && body.contains("[redacted]") && !error.description.contains("sk-test") } else { false }
        }
        #expect(server.requestCount == 1)
        #expect(sleeps.recorded.isEmpty)
    }

    @Test func timeoutIsATypedErrorAndFast() async throws {
        // The stall is far longer than the bound, so the bound holds even on a loaded machine.
        let server = try ScriptedLLMServer(script: [], fallback: .delay(seconds: 120, then: .respond(status: 200, body: OpenAIBody.chat(content: "late"))))
        let start = ContinuousClock.now
        await expectLLMError({ () async throws(LLMError) in _ = try await makeClient(server, retries: 0, timeout: .milliseconds(400)).chat([ChatMessage(.user, "hi")]) }) {
            if case .timeout = $0 { true } else { false }
        }
        #expect(ContinuousClock.now - start < .seconds(60))
    }

    @Test func connectionRefusedIsRetriedThenReported() async throws {
        let server = try ScriptedLLMServer(script: [])
        server.stop()  // nothing listens on this port any more
        let store = try Store.inMemory()
        let sleeps = SleepLog()
        await expectLLMError({ () async throws(LLMError) in _ = try await makeClient(server, store: store, sleeps: sleeps, retries: 2).chat([ChatMessage(.user, "hi")]) }) {
            if case .connection = $0 { true } else { false }
        }
        #expect(sleeps.recorded.count == 2)
        #expect(try store.llmCalls().allSatisfy { $0.errorClass == "connection" && $0.status == nil })
    }

    @Test func droppedConnectionAndCutBodyAreRetried() async throws {
        let server = try ScriptedLLMServer(script: [
            .close,
            .truncate(status: 200, body: OpenAIBody.chat(content: "whole reply"), bytes: 20),
            .respond(status: 200, body: OpenAIBody.chat(content: "whole reply")),
        ])
        let store = try Store.inMemory()
        let reply = try await makeClient(server, store: store).chat([ChatMessage(.user, "hi")])
        #expect(reply.text == "whole reply" && reply.attempts == 3)
        let classes = try store.llmCalls().reversed().map(\.errorClass)
        #expect(classes.count == 3 && classes[2] == nil)
        #expect(classes[0] != nil && classes[1] != nil)
    }

    @Test func garbageBodyIsABadResponseCarryingTheRawText() async throws {
        let server = try ScriptedLLMServer(script: [], fallback: .respond(status: 200, headers: ["Content-Type": "text/html"], body: "<html>proxy error</html>"))
        await expectLLMError({ () async throws(LLMError) in _ = try await makeClient(server, retries: 1).chat([ChatMessage(.user, "hi")]) }) {
            if case .badResponse(_, _, let raw) = $0 { raw.contains("<html>proxy error") } else { false }
        }
        #expect(server.requestCount == 2)
    }

    @Test func truncatedReplyIsTypedWithRawText() async throws {
        let cut = #"{"hypothesis": "a longer warmup sta"#
        let server = try ScriptedLLMServer(script: [.respond(status: 200, body: OpenAIBody.chat(content: cut, finishReason: "length"))])
        let store = try Store.inMemory()
        await expectLLMError({ () async throws(LLMError) in _ = try await makeClient(server, store: store).chat([ChatMessage(.user, "hi")], format: .jsonSchema(name: "p", schema: proposalSchema)) }) {
            if case .truncated(let raw) = $0 { raw == cut } else { false }
        }
        #expect(server.requestCount == 1)
        // Tokens are still counted for a reply the model produced but we could not use.
        #expect(try store.llmCalls().first?.errorClass == "truncated")
        #expect(try store.llmUsage().completionTokens == 5)
    }

    @Test func invalidJSONIsTypedWithRawText() async throws {
        let server = try ScriptedLLMServer(script: [.respond(status: 200, body: OpenAIBody.chat(content: "Sure! Here is my idea: lower the lr"))])
        await expectLLMError({ () async throws(LLMError) in _ = try await makeClient(server).chat([ChatMessage(.user, "hi")], format: .jsonObject) }) {
            if case .invalidJSON(let raw, _) = $0 { raw.hasPrefix("Sure!") } else { false }
        }
    }

    @Test func schemaMismatchListsTheProblems() async throws {
        let server = try ScriptedLLMServer(script: [.respond(status: 200, body: OpenAIBody.chat(content: #"{"hypothesis":"x","lr":5,"extra":1}"#))])
        await expectLLMError({ () async throws(LLMError) in _ = try await makeClient(server).chat([ChatMessage(.user, "hi")], format: .jsonSchema(name: "p", schema: proposalSchema)) }) { error in
            guard case .schemaMismatch(let raw, let problems) = error else { return false }
            return raw.contains("extra") && problems.contains { $0.contains("$.lr") && $0.contains("maximum") }
                && problems.contains { $0.contains("unexpected property \"extra\"") }
        }
    }

    @Test func fencedJSONIsAccepted() async throws {
        let server = try ScriptedLLMServer(script: [.respond(status: 200, body: OpenAIBody.chat(content: "```json\n{\"hypothesis\":\"x\",\"lr\":0.1}\n```"))])
        let reply = try await makeClient(server).chat([ChatMessage(.user, "hi")], format: .jsonSchema(name: "p", schema: proposalSchema))
        #expect(reply.json?["lr"]?.doubleValue == 0.1)
    }

    /// llama-cpp-python answers 500 with a validation message; other servers 400 or 422.
    @Test(arguments: [
        (500, #"{"error":{"message":"1 validation error: ('body', 'response_format', 'type') Input should be 'text' or 'json_object'","type":"internal_server_error"}}"#),
        (422, #"{"detail":"response_format.type: json_schema not allowed"}"#),
        (400, #"{"error":{"message":"json_schema is not supported"}}"#),
    ])
    func fallsBackToJSONObjectWhenTheServerRefusesJSONSchema(status: Int, refusal: String) async throws {
        let server = try ScriptedLLMServer(handler: { request in
            let type = (request.json?["response_format"] as? [String: Any])?["type"] as? String
            if type == "json_schema" { return .respond(status: status, body: refusal) }
            return .respond(status: 200, body: OpenAIBody.chat(content: #"{"hypothesis":"x","lr":0.5}"#))
        })
        let client = makeClient(server)
        let format = ResponseFormat.jsonSchema(name: "p", schema: proposalSchema)
        _ = try await client.chat([ChatMessage(.user, "hi")], format: format)
        _ = try await client.chat([ChatMessage(.user, "again")], format: format)
        let types = server.requests.map { (($0.json?["response_format"] as? [String: Any])?["type"] as? String) ?? "" }
        // One refusal, then json_object with the schema for the rest of the client's life.
        #expect(types == ["json_schema", "json_object", "json_object"])
        #expect(server.requests.last?.json.flatMap { ($0["response_format"] as? [String: Any])?["schema"] } != nil)
    }

    @Test func cancellationEndsTheRequestPromptly() async throws {
        let server = try ScriptedLLMServer(script: [], fallback: .delay(seconds: 120, then: .respond(status: 200, body: OpenAIBody.chat(content: "late"))))
        let client = makeClient(server, timeout: .seconds(300))
        let start = ContinuousClock.now
        let task = Task { () async throws(LLMError) -> LLMReply in try await client.chat([ChatMessage(.user, "hi")]) }
        try await Task.sleep(for: .milliseconds(300))
        task.cancel()
        let result = await task.result
        guard case .failure(let error) = result, case .cancelled? = error as? LLMError else {
            Issue.record("expected cancelled, got \(result)")
            return
        }
        #expect(ContinuousClock.now - start < .seconds(60))
    }

    @Test func requestsInFlightAreBounded() async throws {
        let current = Mutex(0)
        let peak = Mutex(0)
        let server = try ScriptedLLMServer(handler: { _ in
            let now = current.withLock { $0 += 1; return $0 }
            peak.withLock { $0 = max($0, now) }
            Thread.sleep(forTimeInterval: 0.15)
            current.withLock { $0 -= 1 }
            return .respond(status: 200, body: OpenAIBody.chat(content: "ok"))
        })
        let client = makeClient(server, inFlight: 2)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<6 { group.addTask { _ = try await client.chat([ChatMessage(.user, "hi")]) } }
            try await group.waitForAll()
        }
        #expect(server.requestCount == 6)
        #expect(peak.withLock { $0 } == 2)
    }

    @Test func completionsEmbeddingsAndModels() async throws {
        let server = try ScriptedLLMServer(handler: { request in
            switch request.path {
            case "/v1/completions": .respond(status: 200, body: OpenAIBody.completion(text: " pong"))
            case "/v1/embeddings": .respond(status: 200, body: OpenAIBody.embeddings([[0.1, 0.2], [0.3, 0.4]]))
            case "/v1/models": .respond(status: 200, body: OpenAIBody.models(["gemma-3-270m", "other"]))
            default: .respond(status: 404, body: "{}")
            }
        })
        let client = makeClient(server)
        #expect(try await client.complete("Q: ping\nA:").text == " pong")
        #expect(try await client.embeddings(["a", "b"]) == [[0.1, 0.2], [0.3, 0.4]])
        #expect(try await client.models() == ["gemma-3-270m", "other"])
        #expect(server.requests.first?.json?["prompt"] as? String == "Q: ping\nA:")
    }

    @Test func retryAfterParsesSecondsAndDates() {
        #expect(LLMClient.retryAfter("3") == .seconds(3))
        #expect(LLMClient.retryAfter("0.5") == .milliseconds(500))
        #expect(LLMClient.retryAfter("soon") == nil)
        #expect(LLMClient.retryAfter(nil) == nil)
        let past = LLMClient.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT")
        #expect(past == .zero)
    }

    @Test func secretNeverPrints() {
        let secret = LLMSecret("sk-live-abcdef")
        let endpoint = LLMEndpoint(baseURL: URL(string: "http://127.0.0.1:1/v1")!, model: "m", apiKey: secret)
        #expect(!"\(secret)".contains("abcdef"))
        #expect(!"\(endpoint)".contains("abcdef"))
        #expect(!String(reflecting: endpoint).contains("abcdef"))
    }
}
