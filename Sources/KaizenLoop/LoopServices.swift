import KaizenAgent
import KaizenOnline

/// What the loop builds afresh each cycle, so that a launch in one cycle makes the next
/// cycle's proposals deltas on the new production config.
public protocol LoopServices: Sendable {
    /// An offline agent over the current production config, and its training pool.
    func offline() async throws -> (agent: OfflineAgent, pool: TrainingPool)
    /// The online agent.
    func online() async throws -> OnlineAgent
}
