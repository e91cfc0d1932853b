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

    func next() -> ScriptedAction {
        lock.lock()
        defer { lock.unlock() }
        guard index < script.count else { return fallback }
        index += 1
        return script[index - 1]
    }
}
