import Foundation
import KaizenAgent
import KaizenCore
import KaizenPolicy
import KaizenStore

extension OnlineAgent {
    /// Moves the best scored candidates to `selected`, as many as there are free experiment
    /// slots, and sends those an approval rule applies to on to `awaiting-approval`.
    func select(production: ProductionRecord, report: inout OnlineStepReport) throws {
        let active = try store.experiments(statuses: [.starting, .running]).count
        let waiting = try store.candidates(states: [.selected, .approved]).count
        let free = policy.budgets.maxConcurrentExperiments - active - waiting
        guard free > 0 else { return }
        let snapshot = try JournalSnapshot.load(store: store, persona: nil, productionFingerprint: production.fingerprint)
        let selector = CandidateSelector(topK: min(settings.topK, free), topKPerPersona: settings.topKPerPersona)
        for pick in selector.pick(from: snapshot.entries, baseline: snapshot.baseline, productionFingerprint: production.fingerprint) {
            let id = pick.candidate.id
            let gainText = pick.offlineGain.isFinite ? Percent.format(pick.offlineGain) : "unknown (production not scored yet)"
            try store.transition(id, to: .selected, reason: "top offline candidate: gain \(gainText)", at: now())
            let facts = Policy.ApprovalFacts(
                persona: pick.candidate.persona.rawValue, trafficFraction: settings.trafficFraction,
                offlineGain: pick.offlineGain, inferenceCostChange: pick.inferenceCostChange)
            let rules = policy.approval.rulesRequiringApproval(for: facts).map(\.name)
            if rules.isEmpty {
                report.add(.selected, id, "\(pick.candidate.persona.rawValue) candidate, offline gain \(gainText); no approval rule applies")
            } else {
                try store.requestApproval(id, rules: rules, facts: Self.json(facts), at: now())
                report.add(.awaitingApproval, id, "waits for a person: \(rules.joined(separator: ", "))")
            }
        }
    }

    /// Starts experiments for selected (no approval needed) and approved candidates, oldest
    /// first, while the concurrency and traffic budgets allow.
    func startWaiting(production: ProductionRecord, report: inout OnlineStepReport) async throws {
        let budgets = policy.budgets
        let waiting = try store.candidates(states: [.selected, .approved]).sorted(by: { $0.updatedAt < $1.updatedAt })
        guard !waiting.isEmpty else { return }
        let snapshot = try JournalSnapshot.load(store: store, persona: nil, productionFingerprint: production.fingerprint)
        let metrics = try store.finalMetrics(candidates: waiting.map(\.id))
        let experiments = try store.experiments()
        var count = experiments.count
        // A candidate whose start failed already has its experiment (`starting`, retried by
        // `step`); a second record for it would be refused by the store.
        let recorded = Set(experiments.map(\.candidateID))
        for candidate in waiting where !recorded.contains(candidate.id) {
            let active = try store.experiments(statuses: [.starting, .running])
            let traffic = active.reduce(0) { $0 + $1.trafficFraction }
            guard active.count < budgets.maxConcurrentExperiments else {
                report.add(.waiting, candidate.id, "all \(budgets.maxConcurrentExperiments) experiment slots are taken (experiments.max_concurrent)")
                continue
            }
            guard traffic + settings.trafficFraction <= budgets.maxExperimentTrafficFraction + 1e-12 else {
                report.add(.waiting, candidate.id, "traffic budget: \(Percent.format(traffic, sign: false)) in use + \(Percent.format(settings.trafficFraction, sign: false)) > experiments.max_traffic_fraction \(Percent.format(budgets.maxExperimentTrafficFraction, sign: false))")
                continue
            }
            guard let treatment = candidate.config else { continue }
            let entry = JournalEntry(candidate: candidate, metrics: metrics[candidate.id] ?? [:])
            let gain = entry.score.map { CandidateSelector.gain(score: $0, persona: candidate.persona, baseline: snapshot.baseline) } ?? .nan
            var record = ExperimentRecord(
                candidateID: candidate.id, environment: environment.kind, productionID: production.id, control: production.config,
                treatment: treatment, trafficFraction: settings.trafficFraction, seed: Self.experimentSeed(settings.seed, count),
                test: (settings.test ?? policy.launch.test).rawValue, northStar: policy.launch.northStar, startedAt: now())
            if gain.isFinite { record.state = ["offline_gain": .number(gain)] }
            try store.createExperiment(record)
            count += 1
            await start(record, report: &report)
        }
    }

    /// The `index`-th output of SplitMix64 seeded with `base`.
    static func experimentSeed(_ base: UInt64, _ index: Int) -> UInt64 {
        var generator = SeededGenerator(seed: base &+ UInt64(index) &* 0x9E37_79B9_7F4A_7C15)
        return generator.next()
    }

    static func json(_ facts: Policy.ApprovalFacts) -> JSONValue {
        func number(_ x: Double) -> JSONValue { x.isFinite ? .number(x) : .null }
        return .object([
            "persona": .string(facts.persona), "traffic_fraction": number(facts.trafficFraction),
            "offline_gain": number(facts.offlineGain), "inference_cost_change": number(facts.inferenceCostChange),
        ])
    }
}
