import Synchronization

/// Set by a signal handler (or a test); the loop checks it between steps, so the step in
/// hand finishes and is stored before the run ends.
public final class StopFlag: Sendable {
    private let state = Mutex<String?>(nil)

    public init() {}

    /// Why the run was asked to stop, once it was.
    public var reason: String? { state.withLock { $0 } }
    public var isSet: Bool { reason != nil }

    public func set(_ reason: String) {
        state.withLock { if $0 == nil { $0 = reason } }
    }
}
