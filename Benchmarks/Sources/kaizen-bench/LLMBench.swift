import Foundation
import KaizenCore
import KaizenLLM
import KaizenStore
import ScriptedLLMServer
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The LLM client's own cost: requests against a scripted loopback server that answers at
/// once, next to bare URLSession requests for the same bytes; the difference is Kaizen's
/// code (building the body, parsing and validating the reply, recording into the store).
enum LLMBench {
    static let schema: JSONValue = .object([
        "type": .string("object"),
        "properties": .object([
            "hypothesis": .object(["type": .string("string")]),
            "delta": .object(["type": .string("object")]),
            "evidence_ids": .object(["type": .string("array"), "items": .object(["type": .string("string")])]),
        ]),
        "required": .array([.string("hypothesis"), .string("delta")]),
    ])

    static func run() async throws {
        let content = #"{"hypothesis":"AdamW with warmup generalizes better","delta":{"optimizer":{"name":"adamw","lr":0.002,"weight_decay":0.01}},"evidence_ids":["k1","k7"]}"#
        let body = OpenAIBody.chat(content: content, promptTokens: 900, completionTokens: 60)
        let server = try ScriptedLLMServer(handler: { _ in .respond(status: 200, body: body) })
        defer { server.stop() }
        let dir = FileManager.default.temporaryDirectory.appending(path: "kaizen-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try Store.open(at: dir.appending(path: "bench.sqlite"))
        let client = LLMClient(endpoint: LLMEndpoint(baseURL: server.baseURL, model: "bench", maxInFlight: 8), recorder: store)
        let messages = [ChatMessage(.system, String(repeating: "You are the optimizer persona. ", count: 40)), ChatMessage(.user, String(repeating: "Journal entry. ", count: 120))]
        let format = ResponseFormat.jsonSchema(name: "proposal", schema: schema)

        // Bare URLSession with the same request bytes: the transport's share.
        var raw = URLRequest(url: server.baseURL.appendingPathComponent("chat/completions"))
        raw.httpMethod = "POST"
        raw.setValue("application/json", forHTTPHeaderField: "Content-Type")
        raw.httpBody = Data(#"{"messages":[],"model":"bench"}"#.utf8)
        let session = URLSession(configuration: .ephemeral)
        for _ in 0..<50 { _ = try await session.data(for: raw) }
        for _ in 0..<50 { _ = try await client.chat(messages, format: format) }

        let n = 1_000
        var rawTimes: [Double] = []
        var clientTimes: [Double] = []
        for _ in 0..<n {
            var t = ContinuousClock.now
            _ = try await session.data(for: raw)
            rawTimes.append((ContinuousClock.now - t).seconds * 1000)
            t = ContinuousClock.now
            _ = try await client.chat(messages, format: format)
            clientTimes.append((ContinuousClock.now - t).seconds * 1000)
        }
        let rawMedian = Bench.percentile(rawTimes, 0.5)
        let clientMedian = Bench.percentile(clientTimes, 0.5)

        // Kaizen's code alone, without the network: build, parse, validate, record.
        var ownTimes: [Double] = []
        let envelope = Data(body.utf8)
        for _ in 0..<n {
            let t = ContinuousClock.now
            var request: [String: JSONValue] = ["model": .string("bench"), "max_tokens": .number(512), "temperature": .number(0.7)]
            request["messages"] = .array(messages.map { .object(["role": .string($0.role.rawValue), "content": .string($0.content)]) })
            request["response_format"] = .object(["type": .string("json_schema"), "json_schema": .object(["name": .string("p"), "schema": schema])])
            _ = Data(JSONValue.object(request).canonicalText.utf8)
            let parsed = try JSONValue.parse(envelope)
            let text = parsed["choices"]?.arrayValue?.first?["message"]?["content"]?.stringValue ?? ""
            let reply = try JSONValue.parseModelOutput(text)
            precondition(JSONSchemaValidator.problems(of: reply, against: schema).isEmpty)
            await store.record(LLMCallRecord(endpoint: "bench", model: "bench", kind: "chat", attempt: 1, status: 200, errorClass: nil, promptTokens: 900, completionTokens: 60, latency: .milliseconds(1), startedAt: Date()))
            ownTimes.append((ContinuousClock.now - t).seconds * 1000)
        }

        // Throughput with 8 requests in flight.
        let total = 4_000
        let start = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<8 {
                group.addTask {
                    for _ in stride(from: worker, to: total, by: 8) { _ = try await client.chat(messages, format: format) }
                }
            }
            try await group.waitForAll()
        }
        let rate = Double(total) / (ContinuousClock.now - start).seconds

        print("llm.request_ms_median          \(Bench.fmt(clientMedian, 3))   (p99 \(Bench.fmt(Bench.percentile(clientTimes, 0.99), 3)); client over loopback, incl. store record)")
        print("llm.urlsession_ms_median       \(Bench.fmt(rawMedian, 3))   (bare URLSession, same server)")
        print("llm.overhead_ms_median         \(Bench.fmt(max(0, clientMedian - rawMedian), 3))   (client minus bare URLSession; goal < 1 ms)")
        print("llm.own_code_ms_median         \(Bench.fmt(Bench.percentile(ownTimes, 0.5), 3))   (build + parse + validate + record, no network)")
        print("llm.requests_per_s_8_inflight  \(Bench.fmt(rate, 0))   (\(total) requests; goal >= 500)")
        print("llm.calls_recorded             \(try store.llmUsage().calls)")
    }
}
