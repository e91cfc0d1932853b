import Foundation
import KaizenAgent
import KaizenCore
import KaizenLoop
import KaizenOnline
import KaizenPolicy
import KaizenSearchSpace
import KaizenStore
import KaizenTrainer
import Logging
import Synchronization

/// The repository's shipped Policies/, so the loop is tested with what users get.
enum LoopFixtures {
    static let policies = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appending(path: "Policies")
    static let space = try! SearchSpace.load(contentsOf: policies.appending(path: "search-space.yaml"))
    static let production = try! JSONValue.parse(String(contentsOf: policies.appending(path: "production.json"), encoding: .utf8))
    static let policy = try! Policy.load(directory: policies)
}

/// Scores at once, every change a little better than production, so that the online agent
/// has candidates to start: the loop's bookkeeping is under test, not training.
struct InstantTrainer: Trainer {
    func train(_ job: TrainingJob) async throws(TrainingFailure) -> TrainingResult {
        let better = job.config == LoopFixtures.production ? 0.0 : 0.05
        return TrainingResult(
            metrics: ["val_logloss": 0.5 - better, "auc": 0.6 + better, "ltv_kendall_tau": 0.1 + better], wallSeconds: 0.001)
    }
}

/// A live environment that accepts experiments and never reports a day, so they stay running.
struct SilentEnvironment: LiveEnvironment {
    let kind = "silent"
    func start(_ spec: ExperimentSpec) async throws(LiveEnvironmentError) -> String { "h-" + spec.id }
    func poll(_ spec: ExperimentSpec, handle: String, afterDay: Int) async throws(LiveEnvironmentError) -> PollReport {
        PollReport(days: [], cohorts: [])
    }
    func stop(_ spec: ExperimentSpec, handle: String, reason: String) async throws(LiveEnvironmentError) {}
}

/// Evolutionary proposals (no LLM), instant training, a silent live environment.
final class TestServices: LoopServices {
    let store: Store
    let pool: TrainingPool
    let policy: Policy
    let agents = Mutex(0)

    init(store: Store, policy: Policy = LoopFixtures.policy) {
        self.store = store
        self.policy = policy
        pool = TrainingPool(store: store, trainer: InstantTrainer(), gate: BudgetGate(budgets: policy.budgets, store: store), workers: 2)
    }

    func trainingPool() async throws -> TrainingPool { pool }

    func offlineAgent(runStart: Date) async throws -> OfflineAgent {
        var settings = AgentSettings()
        settings.proposer = .evolutionary
        let n = agents.withLock { $0 += 1; return $0 }
        return OfflineAgent(
            store: store, space: LoopFixtures.space, policy: policy, production: LoopFixtures.production, prompts: nil, llm: nil,
            retriever: nil, settings: settings, seed: UInt64(n), runStart: runStart)
    }

    func online() async throws -> OnlineAgent {
        OnlineAgent(
            store: store, environment: SilentEnvironment(), policy: policy, settings: OnlineSettings(),
            initialProduction: LoopFixtures.production, logger: Logger(label: "test"))
    }
}

/// Records notes, and sets the stop flag at the first note that contains `stopAt`.
final class NoteRecorder: LoopObserver {
    let notes = Mutex<[String]>([])
    let stopAt: String?
    let stop: StopFlag

    init(stopAt: String? = nil, stop: StopFlag = StopFlag()) {
        self.stopAt = stopAt
        self.stop = stop
    }

    func update(_ progress: LoopProgress) {}

    func note(_ line: String, progress: LoopProgress) {
        notes.withLock { $0.append(line) }
        if let stopAt, line.contains(stopAt) { stop.set("test stop at \(stopAt)") }
    }
}
