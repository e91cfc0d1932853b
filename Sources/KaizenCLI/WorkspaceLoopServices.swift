import Foundation
import KaizenAgent
import KaizenLoop
import KaizenOnline
import KaizenPolicy
import KaizenStore
import KaizenWorkspace
import Logging
import Synchronization

/// Wires the loop from a workspace. The training pool and the online agent (with its live
/// environment's cached models) live for the whole run; the offline agent is built each
/// cycle so that it proposes deltas on the current production config.
final class WorkspaceLoopServices: LoopServices {
    let workspace: Workspace
    let store: Store
    let proposer: ProposerKind?
    let logger: Logger
    let pool: TrainingPool
    let onlineAgent: OnlineAgent
    /// When the knowledge base was last synced in this run; the first cycle syncs it all.
    let knowledgeSynced = Mutex<Date?>(nil)

    init(workspace: Workspace, store: Store, proposer: ProposerKind?, test: Policy.Launch.Test?, logger: Logger) throws {
        self.workspace = workspace
        self.store = store
        self.proposer = proposer
        self.logger = logger
        self.pool = try workspace.trainingPool(store: store, logger: logger)
        self.onlineAgent = try workspace.onlineAgent(test: test, store: store, logger: logger)
    }

    func trainingPool() async throws -> TrainingPool { pool }

    func offlineAgent(runStart: Date) async throws -> OfflineAgent {
        let since = knowledgeSynced.withLock { last in defer { last = Date() }; return last }
        return try workspace.agentEnvironment(
            proposer: proposer, store: store, pool: pool, runStart: runStart, knowledgeSince: since, logger: logger
        ).agent
    }

    func online() async throws -> OnlineAgent { onlineAgent }
}
