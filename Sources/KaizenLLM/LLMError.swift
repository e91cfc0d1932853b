import Foundation

/// Why an LLM request produced no usable reply. Errors about the reply's content carry the
/// raw text, so the journal can keep what the model actually said.
public enum LLMError: Error, Sendable, CustomStringConvertible {
    /// The server could not be reached, or the connection broke.
    case connection(endpoint: String, detail: String)
    case timeout(endpoint: String, after: Duration)
    /// A non-success HTTP status, after any retries it allowed.
    case http(endpoint: String, status: Int, body: String)
    /// The server's reply is not an OpenAI-shaped envelope (garbage or cut-off body).
    case badResponse(endpoint: String, detail: String, raw: String)
    /// The model's text is not valid JSON where JSON was asked for.
    case invalidJSON(raw: String, detail: String)
    /// The model stopped at its token limit (`finish_reason: length`).
    case truncated(raw: String)
    /// Valid JSON that does not match the requested schema.
    case schemaMismatch(raw: String, problems: [String])
    case cancelled

    /// A stable class name, stored in `llm_calls.error_class`.
    public var errorClass: String {
        switch self {
        case .connection: "connection"
        case .timeout: "timeout"
        case .http(_, let status, _): "http_\(status)"
        case .badResponse: "bad_response"
        case .invalidJSON: "invalid_json"
        case .truncated: "truncated"
        case .schemaMismatch: "schema_mismatch"
        case .cancelled: "cancelled"
        }
    }

    /// The model's raw text, when the error is about it.
    public var rawText: String? {
        switch self {
        case .invalidJSON(let raw, _), .truncated(let raw), .schemaMismatch(let raw, _), .badResponse(_, _, let raw): raw
        default: nil
        }
    }

    public var description: String {
        switch self {
        case .connection(let endpoint, let detail): "cannot reach the LLM at \(endpoint): \(detail)"
        case .timeout(let endpoint, let after): "the LLM at \(endpoint) did not answer within \(after)"
        case .http(let endpoint, let status, let body): "the LLM at \(endpoint) answered HTTP \(status): \(body.prefix(300))"
        case .badResponse(let endpoint, let detail, _): "the LLM at \(endpoint) sent a malformed reply: \(detail)"
        case .invalidJSON(_, let detail): "the model's reply is not valid JSON: \(detail)"
        case .truncated: "the model's reply was cut off at its token limit (finish_reason: length)"
        case .schemaMismatch(_, let problems): "the model's reply does not match the schema: \(problems.prefix(5).joined(separator: "; "))"
        case .cancelled: "the LLM request was cancelled"
        }
    }

    /// The server refused the `response_format` field itself, whatever status it used.
    var refusesResponseFormat: Bool {
        if case .http(_, let status, let body) = self, status >= 400 {
            return body.contains("response_format") || body.contains("json_schema")
        }
        return false
    }

    /// Whether another attempt may succeed: transport failures and overload, not content.
    var isRetryable: Bool {
        switch self {
        case .connection, .timeout, .badResponse: true
        case .http(_, let status, _):
            // A server that rejects the request's response_format (llama-cpp-python answers 500
            // to json_schema) will reject it again; the caller falls back instead.
            (status == 408 || status == 409 || status == 429 || (500...599).contains(status)) && !refusesResponseFormat
        default: false
        }
    }
}
