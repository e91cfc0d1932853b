import Foundation
import KaizenAgent
import KaizenCore
import KaizenStore
import Testing

/// Production history, rollback and the experiment rows on a real (in-memory) SQLite store.
@Suite struct OnlineStoreTests {
    let production: JSONValue
    init() throws { production = try repositoryProduction() }

    @Test func productionIsSeededOnceAndRollbackRestoresAnEarlierConfigAudited() throws {
        let store = try Store.inMemory()
        #expect(try store.currentProduction() == nil)
        #expect(throws: StoreError.self) { try store.rollbackProduction(to: nil, actor: "ops", reason: nil) }
        let initial = try store.ensureProduction(initial: production, fingerprint: Fingerprint.ofConfig(production))
        #expect(try store.ensureProduction(initial: ["other": 1], fingerprint: "x").id == initial.id)
        #expect(throws: StoreError.self) { try store.rollbackProduction(to: nil, actor: "ops", reason: nil) }

        // Launch a candidate through a real experiment, so production moves.
        let candidate = try scoredCandidate(store, persona: .optimizer, delta: ["optimizer": ["learning_rate": 0.1]], production: production, metrics: ["val_logloss": 0.4])
        try store.transition(candidate.id, to: .selected, reason: nil)
        let record = ExperimentRecord(
            candidateID: candidate.id, environment: "test", productionID: initial.id, control: production, treatment: candidate.config!,
            trafficFraction: 0.05, seed: 3, test: "sequential", northStar: "ns")
        try store.createExperiment(record)
        try store.markExperimentRunning(record.id, handle: "h")
        try store.recordPoll(record.id, days: [DayMetrics(day: 0, control: ["ctr": 0.1], treatment: ["ctr": 0.11])], cohorts: [], state: ["tau": 1])
        #expect(throws: StoreError.self) {
            try store.recordPoll(record.id, days: [DayMetrics(day: 2, control: [:], treatment: [:])], cohorts: [], state: [:])
        }
        #expect(throws: StoreError.self) {
            try store.finishExperiment(record.id, status: .launched, decision: [:], metrics: [], reason: "no config given")
        }
        let launched = try #require(try store.finishExperiment(
            record.id, status: .launched, decision: ["outcome": "launched"], metrics: [MetricValue(name: "north_star_lift", value: 0.03, source: .online)],
            reason: "won", launch: (candidate.config!, candidate.fingerprint!)))
        #expect(try store.currentProduction()?.id == launched.id)
        #expect(try store.candidate(candidate.id).state == .launched)

        let back = try store.rollbackProduction(to: nil, actor: "ops", reason: "bad week")
        #expect(back.action == .rollback)
        #expect(back.config == production)
        #expect(try store.currentProduction()?.fingerprint == initial.fingerprint)
        let entry = try #require(try store.auditLog().last)
        #expect(entry.action == "production.rollback")
        #expect(entry.actor == "ops")
        #expect(entry.reason == "bad week")
        // --to restores any entry but the current one; unknown ids are named.
        let again = try store.rollbackProduction(to: launched.id, actor: "ops", reason: nil)
        #expect(again.config == candidate.config)
        #expect(throws: StoreError.self) { try store.rollbackProduction(to: again.id, actor: "ops", reason: nil) }
        #expect(throws: StoreError.self) { try store.rollbackProduction(to: 999, actor: "ops", reason: nil) }
        #expect(try store.productionHistory().map(\.action) == [.initial, .launch, .rollback, .rollback])
        #expect(try store.doctor().filter { $0.severity == .error }.isEmpty)
    }

    @Test func doctorFindsALiveCandidateWithoutAnExperiment() throws {
        let store = try Store.inMemory()
        let candidate = try scoredCandidate(store, persona: .optimizer, delta: ["optimizer": ["learning_rate": 0.1]], production: production, metrics: ["val_logloss": 0.4])
        try store.transition(candidate.id, to: .selected, reason: nil)
        try store.transition(candidate.id, to: .live, reason: "by hand")
        let errors = try store.doctor().filter { $0.severity == .error }
        #expect(errors.contains { $0.check == "experiments" && $0.message.contains(candidate.id) })
    }

    @Test func aFailedLaunchWriteLeavesNothingHalfDone() throws {
        let store = try Store.inMemory()
        let initial = try store.ensureProduction(initial: production, fingerprint: Fingerprint.ofConfig(production))
        let candidate = try scoredCandidate(store, persona: .optimizer, delta: ["optimizer": ["learning_rate": 0.1]], production: production, metrics: ["val_logloss": 0.4])
        try store.transition(candidate.id, to: .selected, reason: nil)
        let record = ExperimentRecord(
            candidateID: candidate.id, environment: "test", productionID: initial.id, control: production, treatment: candidate.config!,
            trafficFraction: 0.05, seed: 3, test: "sequential", northStar: "ns")
        try store.createExperiment(record)
        // Finishing before it runs is refused, and nothing moved.
        #expect(throws: StoreError.self) {
            try store.finishExperiment(record.id, status: .launched, decision: [:], metrics: [], reason: "early", launch: (candidate.config!, "f"))
        }
        #expect(try store.productionHistory().count == 1)
        #expect(try store.candidate(candidate.id).state == .selected)
        #expect(try store.experiment(record.id).status == .starting)
    }
}
