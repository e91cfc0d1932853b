/// What went wrong starting the metrics endpoint, in words a person can act on.
public enum MonitorError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The port is outside 0...65535 (0 asks the system for a free one).
    case invalidPort(Int)
    /// Binding failed: the port is taken, the host does not resolve, permission is denied.
    case cannotListen(host: String, port: Int, reason: String)

    public var description: String {
        switch self {
        case .invalidPort(let port): "invalid metrics port \(port): use 1-65535, or 0 for any free port"
        case .cannotListen(let host, let port, let reason): "could not listen on \(host):\(port): \(reason)"
        }
    }
}
