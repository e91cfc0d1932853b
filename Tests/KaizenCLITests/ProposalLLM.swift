import Foundation
import KaizenCore
import ScriptedLLMServer
import Synchronization

/// A fast scripted LLM for whole `kaizen run`s: a request with a `response_format` JSON
/// schema (a proposal) is answered with a random value that satisfies that schema — the
/// schema is all enums (see ProposalSchema and ValueGrid), so any pick is a legal delta, and
/// random picks over several optional fields keep most proposals distinct; any other request
/// (the post-reading reasoning) is answered with plain text. Seeded, so a run is repeatable
/// up to the order in which concurrent requests arrive.
final class ProposalLLM: Sendable {
    let server: ScriptedLLMServer
    private let state: Guarded<(rng: SplitMix, proposals: Int, texts: Int)>

    init(seed: UInt64 = 11) throws {
        let state = Guarded((rng: SplitMix(seed: seed), proposals: 0, texts: 0))
        self.state = state
        server = try ScriptedLLMServer { request in
            guard let body = try? JSONValue.parse(request.body) else {
                return .respond(status: 400, body: OpenAIBody.error("the body is not JSON", type: "invalid_request_error"))
            }
            let format = body["response_format"]
            guard let schema = format?["json_schema"]?["schema"] ?? format?["schema"] else {
                state.withLock { $0.texts += 1 }
                return .respond(status: 200, body: OpenAIBody.chat(
                    content: "The opened notes suggest trying a different learning rate schedule and a wider tower; nothing here says it is irrelevant.",
                    model: "gemma-3-270m", promptTokens: 120, completionTokens: 30))
            }
            let value = state.withLock { s -> JSONValue in
                s.proposals += 1
                return Self.instance(of: schema, rng: &s.rng, label: "proposal \(s.proposals)")
            }
            return .respond(status: 200, body: OpenAIBody.chat(
                content: value.canonicalText, model: "gemma-3-270m", promptTokens: 400, completionTokens: 60))
        }
    }

    var baseURL: URL { server.baseURL }
    /// Proposal (schema) requests answered, and plain-text ones.
    var counts: (proposals: Int, texts: Int) { state.withLock { ($0.proposals, $0.texts) } }

    /// A value that satisfies `schema`, for the subset of JSON Schema that ProposalSchema uses:
    /// enum, object (properties, required; optional properties included at random), array
    /// (items, minItems, maxItems), string (minLength, maxLength), boolean, number, integer.
    static func instance(of schema: JSONValue, rng: inout SplitMix, label: String) -> JSONValue {
        if let choices = schema["enum"]?.arrayValue, !choices.isEmpty {
            return choices[rng.below(choices.count)]
        }
        switch schema["type"]?.stringValue {
        case "object":
            let properties = schema["properties"]?.objectValue ?? [:]
            let required = Set((schema["required"]?.arrayValue ?? []).compactMap(\.stringValue))
            var object: [String: JSONValue] = [:]
            for (key, sub) in properties.sorted(by: { $0.key < $1.key }) where required.contains(key) || rng.below(100) < 35 {
                object[key] = instance(of: sub, rng: &rng, label: label)
            }
            return .object(object)
        case "array":
            let low = schema["minItems"]?.intValue ?? 0
            let high = max(low, schema["maxItems"]?.intValue ?? low + 2)
            guard high > 0, let items = schema["items"] else { return .array([]) }
            let count = low + rng.below(high - low + 1)
            return .array((0..<count).map { _ in instance(of: items, rng: &rng, label: label) })
        case "string":
            var text = "Scripted \(label): change this and measure the proxy metric"
            if let minimum = schema["minLength"]?.intValue, text.count < minimum { text += String(repeating: ".", count: minimum - text.count) }
            if let maximum = schema["maxLength"]?.intValue, text.count > maximum { text = String(text.prefix(maximum)) }
            return .string(text)
        case "boolean":
            return .bool(rng.below(2) == 1)
        case "integer":
            let low = schema["minimum"]?.intValue ?? 0
            let high = max(low, schema["maximum"]?.intValue ?? low + 10)
            return .number(Double(low + rng.below(high - low + 1)))
        case "number":
            let low = schema["minimum"]?.doubleValue ?? 0
            let high = schema["maximum"]?.doubleValue ?? 1
            return .number(low + (high - low) * Double(rng.below(1000)) / 1000)
        default:
            return .null
        }
    }

    /// `CLI.tinyWorkspace` made smaller still, with a search space whose configs all train in
    /// seconds in a debug build (no widths past 64, at most 2 epochs and 2 layers, no GLU
    /// activations or hourglass block), so whole runs fit the tests' minutes on 2 cores.
    static func quickWorkspace() throws -> URL {
        let dir = try CLI.tinyWorkspace()
        try edit(dir.appending(path: "kaizen.yaml"), [
            ("  users: 800", "  users: 300"), ("  items: 200", "  items: 100"), ("  impressions: 20000", "  impressions: 6000"),
        ])
        try edit(dir.appending(path: "Policies/search-space.yaml"), [
            ("embedding_dim: {kind: int, min: 4, max: 128}", "embedding_dim: {kind: int, min: 4, max: 32}"),
            ("tower: {kind: int_list, min_length: 1, max_length: 4, min: 4, max: 512}", "tower: {kind: int_list, min_length: 1, max_length: 2, min: 4, max: 64}"),
            ("activation: {kind: choice, values: [relu, gelu, silu, swiglu, geglu]}", "activation: {kind: choice, values: [relu, gelu]}"),
            ("  hourglass: {kind: bool}\n", ""),
            ("batch_size: {kind: choice, values: [64, 128, 256, 512, 1024, 2048]}", "batch_size: {kind: choice, values: [512, 1024, 2048]}"),
            ("epochs: {kind: int, min: 1, max: 10}", "epochs: {kind: int, min: 1, max: 2}"),
        ])
        return dir
    }

    /// Replaces each line or fragment, which must be there.
    static func edit(_ file: URL, _ replacements: [(String, String)]) throws {
        var text = try String(contentsOf: file, encoding: .utf8)
        for (old, new) in replacements {
            precondition(text.contains(old), "\(file.lastPathComponent) has no \(old)")
            text = text.replacingOccurrences(of: old, with: new)
        }
        try text.write(to: file, atomically: true, encoding: .utf8)
    }

    /// The workspace's kaizen.yaml pointed at `endpoint` with the zero-priced model name.
    static func pointWorkspace(_ dir: URL, at endpoint: URL, requestTimeout: Int, maxRetries: Int, extra: [(String, String)] = []) throws {
        try edit(dir.appending(path: "kaizen.yaml"), [
            ("  endpoint: \"\"", "  endpoint: \(endpoint.absoluteString)"),
            ("  model: \"\"", "  model: gemma-3-270m"),
            ("  request_timeout_s: 120", "  request_timeout_s: \(requestTimeout)"),
            ("  max_retries: 4", "  max_retries: \(maxRetries)"),
        ] + extra)
    }
}

/// A value behind a lock, shareable with the server's connection threads.
final class Guarded<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>
    init(_ value: Value) { mutex = Mutex(value) }
    func withLock<T: Sendable>(_ body: (inout Value) -> T) -> T { mutex.withLock { body(&$0) } }
}

/// The project's seeded generator, so the tests' random choices repeat.
typealias SplitMix = SeededGenerator

extension SeededGenerator {
    /// A uniform integer in 0..<n.
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(1, n))) }
}
