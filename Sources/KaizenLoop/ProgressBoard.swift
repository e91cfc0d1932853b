import Foundation
import KaizenAgent
import KaizenCore
import KaizenStore
import Synchronization

/// The run's current `LoopProgress`, shared by the loop and its once-a-second refresher.
final class ProgressBoard: Sendable {
    private let progress = Mutex(LoopProgress())
    let observer: (any LoopObserver)?

    init(observer: (any LoopObserver)?) {
        self.observer = observer
    }

    var snapshot: LoopProgress { progress.withLock { $0 } }

    /// Changes the snapshot; observers see it at the next `publish`.
    func edit(_ change: (inout LoopProgress) -> Void) {
        progress.withLock { change(&$0) }
    }

    /// Counts from the store and the pool, then tells the observer.
    func refresh(store: Store, pool: TrainingPool?, usage: () throws -> BudgetUsage?, started: ContinuousClock.Instant) async {
        let stats = await pool?.stats
        let workers = await pool?.workers ?? 0
        let counts = try? store.candidateCounts()
        let live = try? store.experiments(statuses: [.starting, .running]).count
        let waiting = try? store.approvals().filter { $0.decision == nil }.count
        let spend = try? usage()
        edit { p in
            if let counts { p.candidates = counts }
            if let live { p.experimentsLive = live }
            if let waiting { p.approvalsWaiting = waiting }
            if let spend = spend ?? nil {
                p.spend.runTokens = spend.tokensThisRun ?? 0
                p.spend.runUSD = spend.usdThisRun ?? 0
                p.spend.todayTokens = spend.tokensToday
                p.spend.todayUSD = spend.usdToday ?? 0
            }
            p.elapsedSeconds = (ContinuousClock.now - started).seconds
            p.trainingBusySeconds = stats?.busySeconds ?? 0
            p.trainingWorkers = workers
        }
        observer?.update(snapshot)
    }

    func note(_ line: String) {
        observer?.note(line, progress: snapshot)
    }
}
