import Foundation
import KaizenAgent
import KaizenCore
import KaizenStore

/// Seeds a journal: scored optimizer candidates with known losses, a failure, and one that
/// won offline but lost online.
enum JournalSeed {
    static let losses: [(delta: String, loss: Double)] = [
        (#"{"optimizer":{"learning_rate":0.01}}"#, 0.540),
        (#"{"optimizer":{"name":"adam","learning_rate":0.003}}"#, 0.520),
        (#"{"optimizer":{"epochs":5}}"#, 0.580),
        (#"{"optimizer":{"batch_size":128}}"#, 0.550),
        (#"{"optimizer":{"schedule":"cosine"}}"#, 0.530),
    ]

    @discardableResult
    static func seed(_ store: Store) throws -> [String: String] {
        var ids: [String: String] = [:]
        var at = Date(timeIntervalSince1970: 1_790_000_000)
        func add(_ delta: String, state: LifecycleState, loss: Double?, reason: String? = nil, proposer: String = "llm") throws -> String {
            at += 60
            let config = Fixtures.production.merging(patch: Fixtures.json(delta))
            let c = Candidate(
                persona: .optimizer, state: .queued, proposer: proposer, delta: Fixtures.json(delta), config: config,
                fingerprint: Fingerprint.ofConfig(config), hypothesis: "hypothesis for \(delta)", createdAt: at)
            try store.insertCandidate(c)
            try store.transition(c.id, to: .training, reason: nil, countAttempt: true, at: at)
            if let loss {
                try store.finishTraining(c.id, metrics: [MetricValue(name: "val_logloss", value: loss, source: .offline)], to: .scored, reason: nil, at: at)
            } else {
                try store.finishTraining(c.id, metrics: [], to: .failed, reason: reason, at: at)
            }
            ids[delta] = c.id
            return c.id
        }
        let baseline = Candidate(
            persona: .optimizer, state: .queued, proposer: JournalSnapshot.baselineProposer, delta: .object([:]),
            config: Fixtures.production, fingerprint: Fingerprint.ofConfig(Fixtures.production), hypothesis: "baseline", createdAt: at)
        try store.insertCandidate(baseline)
        try store.transition(baseline.id, to: .training, reason: nil, at: at)
        try store.finishTraining(baseline.id, metrics: [MetricValue(name: "val_logloss", value: 0.561, source: .offline)], to: .scored, reason: nil, at: at)
        for (delta, loss) in losses { _ = try add(delta, state: .scored, loss: loss) }
        _ = try add(#"{"optimizer":{"learning_rate":0.5}}"#, state: .failed, loss: nil, reason: "training loss became NaN or infinite in epoch 1")
        // Won offline (0.525 < 0.561) but lost online.
        let lost = try add(#"{"optimizer":{"gradient_clip":1}}"#, state: .scored, loss: 0.525)
        // Through a real experiment record, as the online agent does it.
        try store.transition(lost, to: .selected, reason: nil)
        let production = try store.ensureProduction(initial: Fixtures.production, fingerprint: Fingerprint.ofConfig(Fixtures.production))
        let experiment = ExperimentRecord(
            candidateID: lost, environment: "world", productionID: production.id, control: Fixtures.production,
            treatment: try store.candidate(lost).config!, trafficFraction: 0.05, seed: 1, test: "sequential", northStar: "retained_watch_time_14d")
        try store.createExperiment(experiment)
        try store.markExperimentRunning(experiment.id, handle: experiment.id)
        try store.finishExperiment(
            experiment.id, status: .notLaunched,
            decision: ["outcome": "not-launched", "offline_gain": 0.064, "relative_estimate": -0.012],
            metrics: [MetricValue(name: "north_star_lift", value: -0.012, source: .online)], reason: "north star fell 1.2% against control")
        ids["lost"] = lost
        return ids
    }
}
