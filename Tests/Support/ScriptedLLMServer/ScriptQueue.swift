import Foundation

/// Hands out scripted actions in order to whichever connection thread asks next, then the fallback.
final class ScriptQueue: @unchecked Sendable {
    private let lock = NSLock()
    private let script: [ScriptedAction]
    private let fallback: ScriptedAction
    private var index = 0

    init(script: [ScriptedAction], fallback: ScriptedAction) {
        self.script = script
        self.fallback = fallback
    }

    /// The next action, and whether the connection should close after it because the step after
    /// it is a `.close` (see `ScriptedAction.close` for why).
    func next() -> Reply {
        lock.lock()
        defer { lock.unlock() }
        let action = index < script.count ? script[index] : fallback
        index += 1
        let upcoming = index < script.count ? script[index] : fallback
        return Reply(action: action, closeAfter: upcoming.endsInClose)
    }
}

/// What the server does with a request, and whether to end the connection after doing it.
struct Reply: Sendable {
    let action: ScriptedAction
    let closeAfter: Bool
}
