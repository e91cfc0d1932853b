import Foundation
import KaizenCore
import Logging
import Synchronization
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// An OpenAI-compatible client: `/v1/chat/completions`, `/v1/completions`, `/v1/embeddings`
/// and `/v1/models`, with timeouts, retries with backoff, a bound on requests in flight, and
/// every HTTP attempt recorded (never the key).
public final class LLMClient: Sendable {
    public let endpoint: LLMEndpoint
    let transport: HTTPTransport
    let recorder: (any LLMCallRecording)?
    let logger: Logger
    let limiter: AsyncSemaphore
    let sleep: @Sendable (Duration) async throws -> Void
    /// Set once the server refused `json_schema`; later requests send `json_object` + schema.
    let schemaFallback = Mutex(false)
    /// Whether the next request should probe the TCP connection first (see TCPProbe).
    let needsProbe = Mutex(true)

    /// - Parameters:
    ///   - recorder: where each attempt is recorded, usually the store.
    ///   - sleep: waits between retries; tests inject one that records instead of waiting.
    public init(
        endpoint: LLMEndpoint, recorder: (any LLMCallRecording)? = nil, logger: Logger = Logger(label: "kaizen.llm"),
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
    ) {
        self.endpoint = endpoint
        self.transport = HTTPTransport()
        self.recorder = recorder
        self.logger = logger
        self.limiter = AsyncSemaphore(permits: endpoint.maxInFlight)
        self.sleep = sleep
    }

    /// A chat completion. With a JSON format, the reply's `json` is set and validated.
    public func chat(
        _ messages: [ChatMessage], format: ResponseFormat = .text, options: SamplingOptions = SamplingOptions(),
        purpose: String? = nil, runID: String? = nil
    ) async throws(LLMError) -> LLMReply {
        var body = samplingFields(options)
        body["messages"] = .array(messages.map { .object(["role": .string($0.role.rawValue), "content": .string($0.content)]) })
        return try await generate(kind: "chat", path: "chat/completions", body: body, format: format, purpose: purpose, runID: runID)
    }

    /// A text completion, for base models that follow few-shot text better than chat turns.
    public func complete(
        _ prompt: String, format: ResponseFormat = .text, options: SamplingOptions = SamplingOptions(),
        purpose: String? = nil, runID: String? = nil
    ) async throws(LLMError) -> LLMReply {
        var body = samplingFields(options)
        body["prompt"] = .string(prompt)
        return try await generate(kind: "completion", path: "completions", body: body, format: format, purpose: purpose, runID: runID)
    }

    /// Embeddings of `inputs`, in order.
    public func embeddings(_ inputs: [String], purpose: String? = nil, runID: String? = nil) async throws(LLMError) -> [[Double]] {
        let body: [String: JSONValue] = ["model": .string(endpoint.model), "input": .array(inputs.map(JSONValue.string))]
        return try await perform(kind: "embeddings", path: "embeddings", method: "POST", body: .object(body), purpose: purpose, runID: runID) { envelope throws(LLMError) in
            guard let data = envelope["data"]?.arrayValue else { throw self.malformed("no \"data\" array", envelope) }
            var vectors = [[Double]](repeating: [], count: data.count)
            for (i, item) in data.enumerated() {
                guard let vector = item["embedding"]?.arrayValue?.compactMap(\.doubleValue), !vector.isEmpty else {
                    throw self.malformed("data[\(i)] has no numeric \"embedding\"", envelope)
                }
                let index = item["index"]?.intValue ?? i
                guard vectors.indices.contains(index) else { throw self.malformed("data[\(i)].index \(index) is out of range", envelope) }
                vectors[index] = vector
            }
            guard vectors.count == inputs.count else {
                throw self.malformed("\(vectors.count) embeddings for \(inputs.count) inputs", envelope)
            }
            return (vectors, Self.usage(envelope))
        }
    }

    /// The ids of the models the server offers.
    public func models(purpose: String? = nil) async throws(LLMError) -> [String] {
        try await perform(kind: "models", path: "models", method: "GET", body: nil, purpose: purpose, runID: nil) { envelope throws(LLMError) in
            guard let data = envelope["data"]?.arrayValue else { throw self.malformed("no \"data\" array", envelope) }
            return (data.compactMap { $0["id"]?.stringValue }, (nil, nil))
        }
    }

    func samplingFields(_ options: SamplingOptions) -> [String: JSONValue] {
        var body: [String: JSONValue] = [
            "model": .string(endpoint.model),
            "max_tokens": .number(Double(options.maxTokens)),
            "temperature": .number(options.temperature),
        ]
        if let seed = options.seed { body["seed"] = .number(Double(seed)) }
        if !options.stop.isEmpty { body["stop"] = .array(options.stop.map(JSONValue.string)) }
        return body
    }
}
