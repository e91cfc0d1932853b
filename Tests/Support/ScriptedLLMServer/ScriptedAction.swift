/// What the server does with one request: answer it, stall, or fail the way a real server can.
public indirect enum ScriptedAction: Sendable {
    /// A complete response; Content-Type defaults to application/json.
    case respond(status: Int, headers: [String: String] = [:], body: String)
    /// Wait, then do the next action (a stall / slow server).
    case delay(seconds: Double, then: ScriptedAction)
    /// Read the request and close the connection without answering (connection reset / EOF).
    ///
    /// libcurl silently re-sends a request whose *reused* keep-alive connection closes with no reply
    /// (a GET then consumes the next script step; a POST, in URLSession on Linux, hangs until its
    /// timeout). So a scripted server closes the connection after the response that precedes a
    /// `.close`, and the request meeting `.close` arrives on a fresh connection and fails at once.
    /// With a handler, answer the request before with a `Connection: close` header to get the same.
    case close
    /// Send headers declaring the full Content-Length, only the first `bytes` bytes of the body, then close.
    case truncate(status: Int, body: String, bytes: Int)
}

extension ScriptedAction {
    /// Whether the action, after any delays, drops the connection without a byte of response.
    var endsInClose: Bool {
        switch self {
        case .close: true
        case let .delay(_, next): next.endsInClose
        case .respond, .truncate: false
        }
    }
}
