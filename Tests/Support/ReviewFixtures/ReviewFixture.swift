import Foundation
import KaizenAgent
import KaizenCore
import KaizenStore

/// A store with a review queue in it, for the review library, server and browser tests:
/// production and its scored baseline, a candidate awaiting approval with metrics, curves and
/// cited evidence, a stale one, a decided one, and a similar candidate that went live and was
/// aborted on a guardrail. Everything goes through the store's public API.
public struct ReviewFixture: Sendable {
    public static let production: JSONValue = ["optimizer": ["lr": 0.001, "momentum": 0.9], "model": ["layers": 2]]

    public let store: Store
    /// Awaiting approval, fresh, with everything a review shows.
    public let awaiting: String
    /// Awaiting approval, proposed against an older production config.
    public let stale: String
    /// Scored and never sent for approval.
    public let notAwaiting: String
    /// Went live and was aborted on the satisfaction guardrail.
    public let similar: String
    /// Live now, with three days of metrics.
    public let live: String

    /// `hypothesis` and `deltaNote` let a test put hostile text into the awaiting candidate.
    public init(store: Store? = nil, hypothesis: String = "a smaller learning rate lowers validation loss", deltaNote: String? = nil) throws {
        let store = try store ?? Store.inMemory()
        self.store = store
        let base = Fingerprint.ofConfig(Self.production)
        let production = try store.ensureProduction(initial: Self.production, fingerprint: base, at: Date(timeIntervalSince1970: 1_790_000_000))

        let baseline = try Self.scored(store, persona: .optimizer, proposer: JournalSnapshot.baselineProposer, delta: nil, base: base,
                                       metrics: ["val_logloss": 0.50, "auc": 0.70, "inference_flops": 1000])
        _ = baseline

        try store.upsertDocuments([Document(id: "note-lr", title: "Learning-rate warm-up <notes>", text: "Lower rates help deep towers.", source: "knowledge")])
        let trajectory = KaizenID.make("traj")
        _ = try store.appendNextTrajectoryEvent(trajectory: trajectory, kind: .search, fields: [
            "query": "optimizer learning rate", "results": .array([["doc": "note-lr", "title": "Learning-rate warm-up <notes>", "rank": 1, "score": 3.2]]),
        ], source: "agent")

        var delta: JSONValue = ["optimizer": ["lr": 0.0005]]
        if let deltaNote { delta = ["optimizer": ["lr": 0.0005, "schedule": .string(deltaNote)]] }
        awaiting = try Self.scored(store, persona: .optimizer, proposer: "llm", delta: delta, base: base, hypothesis: hypothesis, trajectory: trajectory,
                                   metrics: ["val_logloss": 0.48, "auc": 0.71, "inference_flops": 1300], curve: [0.70, 0.55, 0.49])
        _ = try store.appendNextTrajectoryEvent(trajectory: trajectory, kind: .proposal, fields: [
            "candidate": .string(awaiting), "evidence_ids": ["note-lr"], "hypothesis": .string(hypothesis),
        ], source: "agent")
        try store.transition(awaiting, to: .selected, reason: "top offline candidate")
        try store.requestApproval(awaiting, rules: ["inference-cost-increase"], facts: ["offline_gain": 0.04, "inference_cost_change": 0.3, "persona": "optimizer"],
                                  at: Date(timeIntervalSince1970: 1_790_000_100))

        stale = try Self.scored(store, persona: .optimizer, proposer: "evolutionary", delta: ["optimizer": ["momentum": 0.95]], base: "0123456789abcdef0123456789abcdef",
                                metrics: ["val_logloss": 0.49])
        try store.transition(stale, to: .selected, reason: "top offline candidate")
        try store.requestApproval(stale, rules: ["small-offline-gain"], facts: ["offline_gain": 0.001], at: Date(timeIntervalSince1970: 1_790_000_200))

        notAwaiting = try Self.scored(store, persona: .optimizer, proposer: "random", delta: ["model": ["layers": 3]], base: base, metrics: ["val_logloss": 0.55])

        similar = try Self.scored(store, persona: .optimizer, proposer: "llm", delta: ["optimizer": ["lr": 0.0002]], base: base, hypothesis: "an even smaller rate",
                                  metrics: ["val_logloss": 0.47])
        try store.transition(similar, to: .selected, reason: "top offline candidate")
        let aborted = ExperimentRecord(candidateID: similar, environment: "world", productionID: production.id, control: Self.production,
                                       treatment: Self.production.merging(patch: ["optimizer": ["lr": 0.0002]]), trafficFraction: 0.05, seed: 1,
                                       test: "sequential", northStar: "watch_minutes")
        try store.createExperiment(aborted)
        try store.markExperimentRunning(aborted.id, handle: "h1")
        try store.recordPoll(aborted.id, days: [
            DayMetrics(day: 0, control: ["watch_minutes": 100, "satisfaction": 50], treatment: ["watch_minutes": 101, "satisfaction": 48]),
            DayMetrics(day: 1, control: ["watch_minutes": 100, "satisfaction": 50], treatment: ["watch_minutes": 99, "satisfaction": 47]),
        ], cohorts: [], state: .object([:]))
        _ = try store.finishExperiment(aborted.id, status: .aborted, decision: ["outcome": "aborted", "relative_estimate": -0.004, "guardrail": "satisfaction"],
                                       metrics: [], reason: "guardrail satisfaction")

        live = try Self.scored(store, persona: .reward, proposer: "llm", delta: ["reward": ["watch": 0.5]], base: base, metrics: ["ltv_kendall_tau": 0.2])
        try store.transition(live, to: .selected, reason: "top offline candidate")
        let running = ExperimentRecord(candidateID: live, environment: "world", productionID: production.id, control: Self.production,
                                       treatment: Self.production, trafficFraction: 0.05, seed: 2, test: "sequential", northStar: "watch_minutes")
        try store.createExperiment(running)
        try store.markExperimentRunning(running.id, handle: "h2")
        try store.recordPoll(running.id, days: (0..<3).map {
            DayMetrics(day: $0, control: ["watch_minutes": 100 + Double($0), "satisfaction": 50], treatment: ["watch_minutes": 102 + Double($0), "satisfaction": 50.2])
        }, cohorts: [], state: .object([:]))
    }

    /// Inserts a candidate on `base` and takes it through training to `scored`.
    static func scored(
        _ store: Store, persona: Persona, proposer: String, delta: JSONValue?, base: String, hypothesis: String = "", trajectory: String? = nil,
        metrics: [String: Double], curve: [Double] = []
    ) throws -> String {
        let config = delta.map { production.merging(patch: $0) } ?? production
        let candidate = Candidate(
            persona: persona, state: .queued, proposer: proposer, baseFingerprint: base, delta: delta, config: config,
            fingerprint: Fingerprint.ofConfig(config), hypothesis: hypothesis, trajectoryID: trajectory)
        try store.insertCandidate(candidate)
        try store.transition(candidate.id, to: .training, reason: nil)
        var values = metrics.map { MetricValue(name: $0.key, value: $0.value, source: .offline) }
        values += curve.enumerated().map { MetricValue(name: "train_loss", value: $1, step: $0 + 1, source: .offline) }
        try store.finishTraining(candidate.id, metrics: values, to: .scored, reason: nil)
        return candidate.id
    }
}
