import KaizenCore

/// One message of a chat request.
public struct ChatMessage: Sendable, Hashable, Codable {
    public enum Role: String, Sendable, Codable { case system, user, assistant }
    public var role: Role
    public var content: String

    public init(_ role: Role, _ content: String) {
        self.role = role
        self.content = content
    }
}

/// What shape the reply must take.
public enum ResponseFormat: Sendable, Hashable {
    case text
    /// Any JSON object (`{"type": "json_object"}`).
    case jsonObject
    /// JSON matching `schema`; the server constrains decoding where it can and the client
    /// validates the reply in any case.
    case jsonSchema(name: String, schema: JSONValue)

    var schema: JSONValue? {
        if case .jsonSchema(_, let schema) = self { return schema }
        return nil
    }

    var wantsJSON: Bool { self != .text }
}

/// Sampling settings shared by chat and completion requests.
public struct SamplingOptions: Sendable, Hashable {
    public var maxTokens: Int
    public var temperature: Double
    public var seed: Int?
    public var stop: [String]

    public init(maxTokens: Int = 512, temperature: Double = 0.7, seed: Int? = nil, stop: [String] = []) {
        self.maxTokens = maxTokens
        self.temperature = temperature
        self.seed = seed
        self.stop = stop
    }
}

/// A usable reply: the text, parsed JSON when JSON was asked for, and what it cost.
public struct LLMReply: Sendable {
    public var text: String
    public var json: JSONValue?
    public var finishReason: String?
    public var model: String
    public var promptTokens: Int?
    public var completionTokens: Int?
    public var latency: Duration
    /// 1 when the first attempt succeeded.
    public var attempts: Int
}
