import Foundation
import KaizenAgent
import KaizenOnline

/// The parts a run is wired from. The training pool lives for the whole run, so training
/// overlaps with the next cycle's proposals; the agents are built afresh each cycle, so a
/// launch in one cycle makes the next cycle's proposals deltas on the new production config.
public protocol LoopServices: Sendable {
    /// The run's training pool.
    func trainingPool() async throws -> TrainingPool
    /// An offline agent over the current production config; `runStart` bounds the per-run budgets.
    func offlineAgent(runStart: Date) async throws -> OfflineAgent
    /// The online agent.
    func online() async throws -> OnlineAgent
}
