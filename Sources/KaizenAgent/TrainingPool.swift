import Foundation
import KaizenCore
import KaizenStore
import KaizenTrainer
import Logging

/// A bounded pool of trainer workers fed by a bounded queue. Every job's state is in the
/// store before it starts (`queued` → `training` → `scored` | `failed`), so a crash loses
/// nothing: `recover()` re-queues jobs that were training, once, and resubmits queued ones.
public actor TrainingPool {
    public enum State: Sendable, Equatable { case idle, running, draining, stopped(reason: String) }

    public struct Stats: Sendable {
        public var started = 0
        public var scored = 0
        public var failed = 0
        /// Seconds workers spent in trainer calls, summed over workers.
        public var busySeconds = 0.0
        public var refusals: [String] = []
    }

    let store: Store
    let trainer: any Trainer
    let gate: BudgetGate?
    let logger: Logger
    let seed: UInt64
    let maxAttempts: Int
    public nonisolated let workers: Int
    public nonisolated let capacity: Int

    private(set) public var state: State = .idle
    private(set) public var stats = Stats()
    private var queue: [String] = []
    private var running: [Task<Void, Never>] = []
    private var active = 0
    private var spaceWaiters: [CheckedContinuation<Void, Never>] = []
    private var idleWaiters: [CheckedContinuation<Void, Never>] = []
    private var jobsThisRound = 0
    /// The first store error a job hit; the loop ends the run with it, because results
    /// that cannot be recorded must not be produced.
    private(set) public var storeFailure: StoreError?
    /// True while stopped only by `jobs_per_round`: the next round starts it again.
    private var heldForRound = false
    /// Set by `abort`: results of cancelled jobs are not recorded.
    private var aborted = false

    /// - Parameters:
    ///   - workers: trainer jobs at once (default: the number of cores).
    ///   - capacity: queued jobs before `submit` waits, so proposers cannot run far ahead.
    ///   - maxAttempts: a job interrupted this many times is failed instead of re-queued.
    public init(
        store: Store, trainer: any Trainer, gate: BudgetGate?, workers: Int = ProcessInfo.processInfo.activeProcessorCount,
        capacity: Int = 8, seed: UInt64 = 1, maxAttempts: Int = 2, logger: Logger = Logger(label: "kaizen.training")
    ) {
        self.store = store
        self.trainer = trainer
        self.gate = gate
        self.workers = max(1, workers)
        self.capacity = max(1, capacity)
        self.seed = seed
        self.maxAttempts = maxAttempts
        self.logger = logger
    }

    /// Puts a queued candidate on the queue; waits while the queue is full.
    public func submit(_ id: String) async {
        if case .stopped = state { return }
        while queue.count >= capacity {
            await withCheckedContinuation { spaceWaiters.append($0) }
        }
        // `stop` wakes the waiters; a stopped pool takes nothing more (drain would wait for it).
        if case .stopped = state { return }
        queue.append(id)
        startWorkers()
    }

    /// Jobs left `training` by a killed process go back to `queued` (their attempt was
    /// counted when they started); all queued jobs are resubmitted. Returns how many.
    @discardableResult
    public func recover() async throws(StoreError) -> Int {
        for candidate in try store.candidates(states: [.training]) {
            if candidate.attempts >= maxAttempts {
                try store.finishTraining(
                    candidate.id, metrics: [], to: .failed,
                    reason: "interrupted \(candidate.attempts) times while training; not retried again",
                    outcome: ["success": false, "offline": ["state": "failed"], "reason": "interrupted while training"])
            } else {
                try store.transition(candidate.id, to: .queued, reason: "re-queued: the process training it stopped (attempt \(candidate.attempts))")
            }
        }
        let queued = try store.candidates(states: [.queued]).sorted { $0.createdAt < $1.createdAt }
        for candidate in queued where !queue.contains(candidate.id) { await submit(candidate.id) }
        return queued.count
    }

    /// Waits until the queue is empty and no job is running.
    public func drain() async {
        while !queue.isEmpty || active > 0 {
            await withCheckedContinuation { idleWaiters.append($0) }
        }
    }

    /// Ends training at once, for a run that failed: queued jobs stay `queued` in the store,
    /// running ones are cancelled and left `training` (the next run's `recover` re-queues
    /// them, as after a kill). Returns when no job runs, so the process can exit without a
    /// training thread still at work.
    public func abort(reason: String) async {
        stop(reason: reason)
        aborted = true
        for task in running { task.cancel() }
        await drain()
    }

    /// Jobs queued or training in this process.
    public var pending: Int { queue.count + active }

    /// Starts counting `jobs_per_round` afresh.
    public func beginRound() {
        jobsThisRound = 0
        guard heldForRound else { return }
        heldForRound = false
        state = .idle
        let queued = (try? store.candidates(states: [.queued]).sorted { $0.createdAt < $1.createdAt }.map(\.id)) ?? []
        queue.append(contentsOf: queued.filter { !queue.contains($0) })
        startWorkers()
    }

    /// Why training stopped for good in this process (a daily budget, or a run that is
    /// ending); nil while it runs or waits only for the next round.
    public var exhausted: String? {
        guard !heldForRound, case .stopped(let reason) = state else { return nil }
        return reason
    }

    private func startWorkers() {
        if case .stopped = state { return }
        state = .running
        while active < workers, !queue.isEmpty {
            let id = queue.removeFirst()
            active += 1
            resumeOneSpaceWaiter()
            running.append(Task { await self.run(id) })
        }
    }

    private func run(_ id: String) async {
        await train(id)
        active -= 1
        if case .stopped = state {
            // Leave the rest queued in the store; the next run picks them up.
        } else {
            startWorkers()
        }
        if queue.isEmpty && active == 0 {
            if state == .running { state = .idle }
            let waiters = idleWaiters
            idleWaiters = []
            for waiter in waiters { waiter.resume() }
        }
    }

    private func resumeOneSpaceWaiter() {
        if !spaceWaiters.isEmpty { spaceWaiters.removeFirst().resume() }
    }

    private func train(_ id: String) async {
        do {
            if let gate, let refusal = try gate.trainingRefusal(roundJobs: jobsThisRound) {
                let dayLeft = try gate.trainingRefusal(roundJobs: 0) == nil
                stop(reason: refusal)
                heldForRound = dayLeft
                return
            }
            let candidate = try store.transition(id, to: .training, reason: nil, countAttempt: true)
            jobsThisRound += 1
            stats.started += 1
            guard let config = candidate.config else {
                try store.finishTraining(id, metrics: [], to: .failed, reason: "no config to train", outcome: ["success": false, "offline": ["state": "failed"], "reason": "no config to train"])
                stats.failed += 1
                return
            }
            let started = ContinuousClock.now
            let outcome: Result<TrainingResult, TrainingFailure>
            do {
                // A code candidate's source travels as the job's artifact (`net.py`, `KAIZEN_ARTIFACT`).
                let artifact = candidate.code.map { CodeArtifact(fileName: "net.py", source: $0) }
                outcome = .success(try await trainer.train(TrainingJob(candidateID: id, config: config, artifact: artifact, seed: seed)))
            } catch {
                outcome = .failure(error)
            }
            stats.busySeconds += (ContinuousClock.now - started).seconds
            if aborted { return }
            try record(id, outcome)
        } catch {
            logger.error("training job \(id) could not be recorded: \(error)")
            if storeFailure == nil { storeFailure = (error as? StoreError) ?? .sqlite(operation: "record training job \(id)", code: -1, message: "\(error)") }
            stop(reason: "the store failed: \(error)")
        }
    }

    private func record(_ id: String, _ outcome: Result<TrainingResult, TrainingFailure>) throws(StoreError) {
        switch outcome {
        case .success(let result):
            if let bad = result.metrics.first(where: { !$0.value.isFinite }) {
                try store.finishTraining(
                    id, metrics: [], to: .failed, reason: "metric \(bad.key) is NaN or infinite",
                    outcome: ["success": false, "offline": ["state": "failed"], "reason": .string("metric \(bad.key) is NaN or infinite")])
                stats.failed += 1
                return
            }
            var metrics = result.metrics.sorted { $0.key < $1.key }.map { MetricValue(name: $0.key, value: $0.value, source: .offline) }
            metrics.append(MetricValue(name: "train_seconds", value: result.wallSeconds, source: .offline))
            if let p = result.parameterCount { metrics.append(MetricValue(name: "parameters", value: Double(p), source: .offline)) }
            if let f = result.inferenceFLOPsPerRequest { metrics.append(MetricValue(name: "inference_flops", value: f, source: .offline)) }
            for point in result.curve {
                metrics.append(MetricValue(name: "train_loss", value: point.trainLoss, step: point.epoch, source: .offline))
                if let v = point.validationLoss { metrics.append(MetricValue(name: "val_logloss", value: v, step: point.epoch, source: .offline)) }
            }
            let summary = JSONValue.object(result.metrics.mapValues { .number($0) })
            // `kaizen.trajectory.v1` outcome: the episode succeeded when its proposal trained to
            // finite metrics; `offline` is kept for earlier readers.
            try store.finishTraining(
                id, metrics: metrics.filter { $0.value.isFinite }, to: .scored, reason: nil, outcome: ["success": true, "metrics": summary, "offline": summary])
            stats.scored += 1
        case .failure(let failure):
            try store.finishTraining(
                id, metrics: [], to: .failed, reason: failure.reason,
                outcome: ["success": false, "offline": ["state": "failed", "reason": .string(failure.reason)], "reason": .string(failure.reason)])
            stats.failed += 1
        }
    }

    /// Stops taking jobs (a budget ran out); queued jobs stay queued in the store.
    public func stop(reason: String) {
        if case .stopped = state { return }
        logger.notice("training stopped: \(reason)")
        stats.refusals.append(reason)
        state = .stopped(reason: reason)
        queue.removeAll()
        for waiter in spaceWaiters { waiter.resume() }
        spaceWaiters = []
    }
}
