import Foundation

/// One HTTP attempt against an LLM endpoint, as stored in `llm_calls`. Never holds the API key.
public struct LLMCallRecord: Sendable, Hashable {
    public var endpoint: String
    public var model: String
    /// `chat`, `completion`, `embeddings` or `models`.
    public var kind: String
    /// 1 for the first try, 2 for the first retry, ...
    public var attempt: Int
    /// The HTTP status, when a response arrived.
    public var status: Int?
    /// nil on success; otherwise a stable class such as `timeout`, `connection`, `http_429`,
    /// `invalid_json`, `truncated`, `schema_mismatch`, `cancelled`.
    public var errorClass: String?
    public var promptTokens: Int?
    public var completionTokens: Int?
    public var latency: Duration
    public var startedAt: Date
    /// What the call was for (e.g. `propose:optimizer`, `ping`), set by the caller.
    public var purpose: String?
    public var runID: String?

    public init(
        endpoint: String, model: String, kind: String, attempt: Int, status: Int?, errorClass: String?,
        promptTokens: Int?, completionTokens: Int?, latency: Duration, startedAt: Date, purpose: String? = nil, runID: String? = nil
    ) {
        self.endpoint = endpoint
        self.model = model
        self.kind = kind
        self.attempt = attempt
        self.status = status
        self.errorClass = errorClass
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.latency = latency
        self.startedAt = startedAt
        self.purpose = purpose
        self.runID = runID
    }
}

/// Where LLM calls are recorded; the store implements it, tests may collect in memory.
public protocol LLMCallRecording: Sendable {
    func record(_ call: LLMCallRecord) async
}
