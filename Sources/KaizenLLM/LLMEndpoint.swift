import Foundation

/// An API key that never prints: its description, debug description and any error text it
/// could leak into are redacted.
public struct LLMSecret: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    let value: String
    public init(_ value: String) { self.value = value }
    public var description: String { "[redacted]" }
    public var debugDescription: String { "[redacted]" }

    /// `text` with every occurrence of the key replaced, for error messages and logs.
    public func redact(_ text: String) -> String {
        value.count >= 4 ? text.replacingOccurrences(of: value, with: "[redacted]") : text
    }
}

/// Where and how to reach an OpenAI-compatible server.
public struct LLMEndpoint: Sendable {
    /// The API base, including `/v1`, e.g. `http://127.0.0.1:8089/v1`.
    public var baseURL: URL
    public var model: String
    public var apiKey: LLMSecret?
    /// Time allowed to open the TCP connection.
    public var connectTimeout: Duration
    /// Time allowed for one whole request, from send to the last byte of the reply.
    public var requestTimeout: Duration
    /// Retries after the first attempt, on connection errors, timeouts, 408, 409, 429 and 5xx.
    public var maxRetries: Int
    /// First backoff; each retry doubles it, with full jitter, up to `maxBackoff`.
    public var initialBackoff: Duration
    public var maxBackoff: Duration
    /// Requests this client lets run at once; the rest wait in line.
    public var maxInFlight: Int

    public init(
        baseURL: URL, model: String, apiKey: LLMSecret? = nil, connectTimeout: Duration = .seconds(5),
        requestTimeout: Duration = .seconds(120), maxRetries: Int = 4, initialBackoff: Duration = .milliseconds(500),
        maxBackoff: Duration = .seconds(30), maxInFlight: Int = 4
    ) {
        self.baseURL = baseURL
        self.model = model
        self.apiKey = apiKey
        self.connectTimeout = connectTimeout
        self.requestTimeout = requestTimeout
        self.maxRetries = maxRetries
        self.initialBackoff = initialBackoff
        self.maxBackoff = maxBackoff
        self.maxInFlight = max(1, maxInFlight)
    }

    /// The base URL as text, for records and messages (URLs never carry the key).
    public var endpointText: String { baseURL.absoluteString }
}
