/// What the server does with one request: answer it, stall, or fail the way a real server can.
public indirect enum ScriptedAction: Sendable {
    /// A complete response; Content-Type defaults to application/json.
    case respond(status: Int, headers: [String: String] = [:], body: String)
    /// Wait, then do the next action (a stall / slow server).
    case delay(seconds: Double, then: ScriptedAction)
    /// Read the request and close the connection without answering (connection reset / EOF).
    case close
    /// Send headers declaring the full Content-Length, only the first `bytes` bytes of the body, then close.
    case truncate(status: Int, body: String, bytes: Int)
}
