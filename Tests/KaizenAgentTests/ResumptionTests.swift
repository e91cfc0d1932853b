import Foundation
import KaizenAgent
import KaizenCore
import KaizenStore
import KaizenTrainer
import Testing

/// A crash mid-round: jobs that were training are re-queued once and trained; finished ones
/// are neither lost nor repeated.
@Suite struct ResumptionTests {
    @Test func crashMidRoundLosesNothingAndRepeatsNothing() async throws {
        let directory = FileManager.default.temporaryDirectory.appending(path: "kaizen-resume-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appending(path: "kaizen.sqlite")
        var settings = AgentSettings()
        settings.proposer = .random

        // First process: the trainer hangs on one config, so the "crash" finds it training.
        // First process: two jobs finish, the third never does; the round blocks on the full
        // queue behind it. From then on nothing of it moves, as if it had been killed.
        let hang = FakeTrainer(hangAfter: 2)
        let first = try AgentHarness(llm: nil, settings: settings, store: try Store.open(at: url), trainer: hang, workers: 1)
        let task = Task { try await first.agent.round(persona: .optimizer, count: 8, pool: first.pool) }
        try await waitUntil { (try? first.store.candidateCounts()[.training]) ?? 0 > 0 && ((try? first.store.candidateCounts()[.scored]) ?? 0) >= 2 }
        try await Task.sleep(for: .milliseconds(200))
        task.cancel()
        let atCrash = try first.store.candidates()
        let scoredAtCrash = Set(atCrash.filter { $0.state == .scored }.map(\.id))
        let training = atCrash.filter { $0.state == .training }.map(\.id)
        #expect(!training.isEmpty)

        // Second process on the same file, as after kill -9: recover and drain.
        let trainer = FakeTrainer()
        let second = try AgentHarness(llm: nil, settings: settings, store: try Store.open(at: url), trainer: trainer, workers: 2)
        let resubmitted = try await second.pool.recover()
        await second.pool.drain()
        let after = try second.store.candidates()
        let trainedAgain = Set(trainer.calls.withLock { $0 })
        // Nothing finished was trained again; everything unfinished was trained exactly once more.
        #expect(trainedAgain.isDisjoint(with: scoredAtCrash))
        #expect(trainer.calls.withLock { $0.count } == trainedAgain.count)
        #expect(resubmitted == trainedAgain.count)
        #expect(after.allSatisfy { ![.queued, .training].contains($0.state) })
        for id in training {
            let c = try second.store.candidate(id)
            #expect(c.state == .scored && c.attempts == 2)
            // One set of final metrics, not two.
            #expect(try second.store.metrics(candidate: id).filter { $0.name == "val_logloss" && $0.step == nil }.count == 1)
        }
        #expect(try second.store.doctor().filter { $0.severity == .error }.isEmpty)
    }

    @Test func aJobInterruptedTwiceIsFailedNotRetried() async throws {
        let store = try Store.inMemory()
        let c = Candidate(persona: .optimizer, state: .queued, proposer: "random", delta: Fixtures.json(#"{"optimizer":{"epochs":3}}"#), config: Fixtures.production, fingerprint: "f")
        try store.insertCandidate(c)
        try store.transition(c.id, to: .training, reason: nil, countAttempt: true)
        try store.transition(c.id, to: .queued, reason: "re-queued")
        try store.transition(c.id, to: .training, reason: nil, countAttempt: true)
        let trainer = FakeTrainer()
        let pool = TrainingPool(store: store, trainer: trainer, gate: nil, workers: 1)
        _ = try await pool.recover()
        await pool.drain()
        let after = try store.candidate(c.id)
        #expect(after.state == .failed)
        #expect(after.reason?.contains("interrupted 2 times") == true)
        #expect(trainer.calls.withLock { $0.isEmpty })
    }

    @Test func abortCancelsRunningJobsAndLeavesThemForTheNextRun() async throws {
        let store = try Store.inMemory()
        let slow = FakeTrainer(delay: .seconds(120))
        let pool = TrainingPool(store: store, trainer: slow, gate: nil, workers: 2)
        var ids: [String] = []
        for epochs in [3, 4, 5] {
            let config = Fixtures.production.merging(patch: Fixtures.json(#"{"optimizer":{"epochs":\#(epochs)}}"#))
            let c = Candidate(persona: .optimizer, state: .queued, proposer: "random", config: config, fingerprint: Fingerprint.ofConfig(config))
            try store.insertCandidate(c)
            ids.append(c.id)
            await pool.submit(c.id)
        }
        try await waitUntil { slow.calls.withLock { $0.count } == 2 }
        let started = ContinuousClock.now
        await pool.abort(reason: "the run failed")
        #expect(ContinuousClock.now - started < .seconds(60))
        #expect(await pool.pending == 0)
        // The cancelled jobs' results are not recorded: two stay training, one queued.
        #expect(try ids.map { try store.candidate($0).state }.sorted { $0.rawValue < $1.rawValue } == [.queued, .training, .training])
        #expect(try store.metrics(candidate: ids[0]).isEmpty)

        let next = TrainingPool(store: store, trainer: FakeTrainer(), gate: nil, workers: 2)
        #expect(try await next.recover() == 3)
        await next.drain()
        #expect(try ids.allSatisfy { try store.candidate($0).state == .scored })
    }

    @Test func trainerFailuresAndNaNMetricsFailTheCandidate() async throws {
        let store = try Store.inMemory()
        let trainer = FakeTrainer { config in
            config.value(at: "optimizer.epochs") == .number(9) ? .nonFiniteLoss(epoch: 1) : nil
        }
        let pool = TrainingPool(store: store, trainer: trainer, gate: nil, workers: 2)
        var ids: [String] = []
        for epochs in [3, 9] {
            let config = Fixtures.production.merging(patch: Fixtures.json(#"{"optimizer":{"epochs":\#(epochs)}}"#))
            let c = Candidate(persona: .optimizer, state: .queued, proposer: "random", config: config, fingerprint: Fingerprint.ofConfig(config))
            try store.insertCandidate(c)
            ids.append(c.id)
            await pool.submit(c.id)
        }
        await pool.drain()
        #expect(try store.candidate(ids[0]).state == .scored)
        let failed = try store.candidate(ids[1])
        #expect(failed.state == .failed && failed.reason?.contains("NaN") == true)
    }
}

func waitUntil(timeout: Duration = .seconds(180), _ condition: () -> Bool) async throws {
    let deadline = ContinuousClock.now + timeout
    while !condition() {
        guard ContinuousClock.now < deadline else { throw CancellationError() }
        try await Task.sleep(for: .milliseconds(5))
    }
}
