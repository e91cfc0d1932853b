import KaizenAgent
import KaizenPolicy
import KaizenReview

/// How `kaizen serve` runs.
public struct ReviewServerSettings: Sendable {
    /// The address to bind; loopback unless told otherwise.
    public var host: String
    /// 0 asks the system for a free port.
    public var port: Int
    public var tokens: ReviewTokens
    /// Turns past experiments of similar candidates into guardrail margins on candidate pages.
    public var guardrails: Policy.Guardrails?
    /// Prices for the loop report's spend chart.
    public var pricing: LLMPricing?

    public init(host: String = "127.0.0.1", port: Int = 8080, tokens: ReviewTokens, guardrails: Policy.Guardrails? = nil, pricing: LLMPricing? = nil) {
        self.host = host
        self.port = port
        self.tokens = tokens
        self.guardrails = guardrails
        self.pricing = pricing
    }

    static let loopbackHosts: Set<String> = ["127.0.0.1", "localhost", "::1", "[::1]"]

    /// Loopback addresses only reach this machine.
    public static func isLoopback(_ host: String) -> Bool { loopbackHosts.contains(host) }

    /// Refuses settings that would expose the page: a non-loopback address with no tokens.
    public func validate() throws(ReviewServerError) {
        guard (0...65535).contains(port) else { throw .invalidPort(port) }
        if !Self.loopbackHosts.contains(host), tokens.isEmpty { throw .openToNetworkWithoutTokens(host: host) }
    }
}

/// Why the review server would not start.
public enum ReviewServerError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidPort(Int)
    case openToNetworkWithoutTokens(host: String)
    case cannotListen(host: String, port: Int, reason: String)

    public var description: String {
        switch self {
        case .invalidPort(let port): "port \(port) is not in 0...65535"
        case .openToNetworkWithoutTokens(let host):
            "refusing to serve on \(host) without review tokens: set KAIZEN_REVIEW_TOKENS (name:role:token, comma-separated) or review.tokens in kaizen.yaml, or bind to 127.0.0.1"
        case .cannotListen(let host, let port, let reason): "cannot listen on \(host):\(port): \(reason)"
        }
    }
}
