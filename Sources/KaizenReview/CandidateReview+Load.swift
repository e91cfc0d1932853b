import Foundation
import KaizenAgent
import KaizenCore
import KaizenPolicy
import KaizenStore

extension CandidateReview {
    /// Offline metrics worth comparing, in display order; the curves are shown separately.
    static let metricOrder = ["val_logloss", "auc", "ndcg@10", "ltv_kendall_tau", "inference_flops", "parameters", "train_seconds"]

    /// Assembles the review of candidate `id` from the store. `guardrails` (from Policies/)
    /// turn past experiments of similar candidates into margins.
    public static func load(store: Store, id: String, guardrails: Policy.Guardrails? = nil) throws(ReviewError) -> CandidateReview {
        try ReviewError.mapping(id) { try assemble(store: store, id: id, guardrails: guardrails) }
    }

    private static func assemble(store: Store, id: String, guardrails: Policy.Guardrails?) throws -> CandidateReview {
        let candidate = try store.candidate(id)
        let production = try store.currentProduction()
        let approval = try store.approvals(candidate: id).last
        let journal = try JournalSnapshot.load(store: store, persona: candidate.persona, productionFingerprint: production?.fingerprint ?? "")
        let own = try store.metrics(candidate: id).filter { $0.source == .offline }
        let final = try store.finalMetrics(candidates: [id])[id] ?? [:]
        let baseline = journal.baseline?.metrics ?? [:]

        var comparisons: [MetricComparison] = []
        let names = Set(final.keys).union(baseline.keys)
        for name in metricOrder.filter(names.contains) + names.subtracting(metricOrder).sorted() {
            let values = journal.entries.filter { $0.candidate.state != .failed }.compactMap { $0.metrics[name] }.filter(\.isFinite)
            comparisons.append(MetricComparison(
                name: name, candidate: final[name], production: baseline[name],
                spread: values.count >= 2 ? standardDeviation(values) : nil, spreadCount: values.count))
        }
        var curves: [Curve] = []
        for name in Set(own.filter { $0.step != nil }.map(\.name)).sorted() {
            let points = own.filter { $0.name == name && $0.step != nil }.sorted { $0.step! < $1.step! }
            curves.append(Curve(name: name, values: points.map(\.value)))
        }

        var gain = approval?.facts["offline_gain"]?.doubleValue
        if gain == nil, let score = PersonaObjective.of(candidate).score(final),
           let base = PersonaObjective.of(candidate).score(baseline), base != 0 {
            gain = (score - base) / abs(base)
        }
        let stale = ReviewQueue.isStale(candidate, production: production)
        let experiments = try store.experiments()
        let similar = try similarCandidates(to: candidate, in: journal, experiments: experiments)
        var review = CandidateReview(
            candidate: candidate, approval: approval, production: production, stale: stale, offlineGain: gain,
            diff: ConfigDiff(production: production?.config, candidate: candidate.config), metrics: comparisons, curves: curves,
            evidence: try evidence(of: candidate, store: store), similar: similar, risks: [])
        review.risks = try risks(review, baseline: baseline, final: final, guardrails: guardrails, experiments: experiments, store: store)
        return review
    }

    /// The documents the proposal cited (its `proposal` trajectory event), with titles.
    static func evidence(of candidate: Candidate, store: Store) throws -> [EvidenceDocument] {
        guard let trajectory = candidate.trajectoryID else { return [] }
        let events = try store.trajectoryEvents(trajectory: trajectory)
        guard let proposal = events.last(where: { $0.kind == .proposal && $0.fields["candidate"]?.stringValue == candidate.id }) else { return [] }
        var shownTitles: [String: String] = [:]
        for event in events where event.kind == .search {
            for result in event.fields["results"]?.arrayValue ?? [] {
                if let id = (result["doc"] ?? result["id"])?.stringValue, let title = result["title"]?.stringValue { shownTitles[id] = title }
            }
        }
        return try (proposal.fields["evidence_ids"]?.arrayValue ?? []).compactMap(\.stringValue).map { id in
            let document = try store.document(id)
            return EvidenceDocument(id: id, title: document?.title ?? shownTitles[id] ?? id, available: document != nil)
        }
    }

    /// Up to three candidates of the same persona whose deltas change the most of the same
    /// settings; those that went live first.
    static func similarCandidates(to candidate: Candidate, in journal: JournalSnapshot, experiments: [ExperimentRecord]) throws -> [SimilarCandidate] {
        let keys = Set(ConfigDiff(production: nil, candidate: candidate.delta).lines.map(\.path))
        guard !keys.isEmpty else { return [] }
        let byCandidate = Dictionary(experiments.map { ($0.candidateID, $0) }, uniquingKeysWith: { a, b in a.startedAt > b.startedAt ? a : b })
        let scored: [(entry: JournalEntry, shared: [String], overlap: Double, live: Bool)] = journal.entries.compactMap { entry in
            guard entry.candidate.id != candidate.id, entry.candidate.delta != nil else { return nil }
            let other = Set(ConfigDiff(production: nil, candidate: entry.candidate.delta).lines.map(\.path))
            let shared = keys.intersection(other)
            guard !shared.isEmpty else { return nil }
            return (entry, shared.sorted(), Double(shared.count) / Double(keys.union(other).count), byCandidate[entry.candidate.id] != nil)
        }
        return scored.sorted { ($0.live ? 1 : 0, $0.overlap, $0.entry.candidate.createdAt) > ($1.live ? 1 : 0, $1.overlap, $1.entry.candidate.createdAt) }
            .prefix(3).map { item in
                let c = item.entry.candidate
                return SimilarCandidate(
                    id: c.id, hypothesis: c.hypothesis, state: c.state.rawValue, sharedKeys: item.shared,
                    outcome: byCandidate[c.id].map(outcomeText) ?? "never went live (\(c.state.rawValue))")
            }
    }

    static func outcomeText(_ experiment: ExperimentRecord) -> String {
        guard !experiment.status.isActive else { return "live in \(experiment.id) since \(experiment.startedAt.formatted(.iso8601))" }
        var text = experiment.status.rawValue
        if let lift = experiment.decision?["relative_estimate"]?.doubleValue { text += ": north star \(Percent.format(lift))" }
        if let guardrail = experiment.decision?["guardrail"]?.stringValue { text += ", guardrail \(guardrail)" }
        return text
    }

    static func risks(
        _ review: CandidateReview, baseline: [String: Double], final: [String: Double], guardrails: Policy.Guardrails?,
        experiments: [ExperimentRecord], store: Store
    ) throws -> [String] {
        var notes: [String] = []
        if review.stale {
            notes.append("Stale: proposed against production \(review.candidate.baseFingerprint ?? "?"), now \(review.production?.fingerprint ?? "?"); its offline numbers compare against an older base.")
        }
        if let cost = review.approval?.facts["inference_cost_change"]?.doubleValue ?? relativeChange(final["inference_flops"], baseline["inference_flops"]) {
            notes.append("Inference cost: \(Percent.format(cost)) FLOPs per request against production.")
        } else {
            notes.append("Inference cost: unknown (production or the candidate has no inference_flops).")
        }
        if let p = relativeChange(final["parameters"], baseline["parameters"]), p != 0 {
            notes.append("Parameters: \(Percent.format(p)) against production.")
        }
        let similarIDs = Set(review.similar.map(\.id))
        let related = experiments.filter { similarIDs.contains($0.candidateID) && !$0.status.isActive }
        for limit in guardrails?.limits ?? [] {
            let allowed = "may drop at most \(Percent.format(limit.maxRelativeDrop, sign: false))"
            var seen: [String] = []
            for experiment in related {
                guard let change = try guardrailChange(experiment, metric: limit.metric, store: store) else { continue }
                let margin = change + limit.maxRelativeDrop
                seen.append("\(experiment.candidateID) moved it \(Percent.format(change)) (margin \(Percent.format(margin)), \(experiment.status.rawValue))")
            }
            notes.append("Guardrail \(limit.metric) \(allowed): " + (seen.isEmpty ? "no similar candidate has been measured live yet." : seen.joined(separator: "; ") + "."))
        }
        if let rules = review.approval?.rules, !rules.isEmpty {
            notes.append("Held for review by: \(rules.joined(separator: ", ")).")
        }
        return notes
    }

    /// Treatment against control over all reported days, as a relative change.
    static func guardrailChange(_ experiment: ExperimentRecord, metric: String, store: Store) throws -> Double? {
        let days = try store.experimentDays(experiment.id)
        let control = days.compactMap { $0.control[metric] }.reduce(0, +)
        let treatment = days.compactMap { $0.treatment[metric] }.reduce(0, +)
        guard !days.isEmpty, control != 0 else { return nil }
        return treatment / control - 1
    }

    static func relativeChange(_ value: Double?, _ base: Double?) -> Double? {
        guard let value, let base, base != 0, value.isFinite, base.isFinite else { return nil }
        return (value - base) / abs(base)
    }

    static func standardDeviation(_ values: [Double]) -> Double {
        let mean = values.reduce(0, +) / Double(values.count)
        return (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count - 1)).squareRoot()
    }
}
