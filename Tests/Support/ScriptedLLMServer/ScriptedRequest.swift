import Foundation

/// One HTTP request as the server received it, kept so tests can assert on what the client sent.
public struct ScriptedRequest: Sendable {
    /// The request method, e.g. "POST".
    public let method: String
    /// The request target as sent, e.g. "/v1/chat/completions" (a query string, if any, stays on it).
    public let path: String
    /// Header fields with lowercased names, so lookups need not guess the client's casing;
    /// repeated fields are joined with ", ".
    public let headers: [String: String]
    /// The body, already de-chunked when the client used `Transfer-Encoding: chunked`.
    public let body: Data

    public init(method: String, path: String, headers: [String: String], body: Data) {
        self.method = method
        self.path = path
        self.headers = headers
        self.body = body
    }

    /// The body parsed as a JSON object, or nil when it is not one; computed on access so the
    /// struct stays Sendable.
    public var json: [String: Any]? {
        (try? JSONSerialization.jsonObject(with: body)) as? [String: Any]
    }
}
