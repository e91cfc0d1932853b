import KaizenCore
import KaizenStore

/// The journal as one round sees it: a persona's entries and production's baseline.
public struct JournalSnapshot: Sendable {
    public static let baselineProposer = "baseline"

    public var entries: [JournalEntry]
    /// The baseline candidate of the current production config, once trained.
    public var baseline: JournalEntry?
    /// Offline gains against online outcomes of the experiments decided so far.
    public var calibration = ProxyCalibration(pairs: [])

    public static func load(store: Store, persona: Persona?, productionFingerprint: String) throws(StoreError) -> JournalSnapshot {
        let all = try store.candidates(persona: persona)
        let metrics = try store.finalMetrics(candidates: all.map(\.id))
        var entries: [JournalEntry] = []
        var baseline: JournalEntry?
        for candidate in all {
            let entry = JournalEntry(candidate: candidate, metrics: metrics[candidate.id] ?? [:])
            if candidate.proposer == baselineProposer {
                if candidate.fingerprint == productionFingerprint, baseline == nil || entry.candidate.state == .scored { baseline = entry }
            } else {
                entries.append(entry)
            }
        }
        if baseline == nil, persona != nil {
            // The baseline may have been journaled under another persona: it is the same config.
            baseline = try store.candidates().lazy
                .filter { $0.proposer == baselineProposer && $0.fingerprint == productionFingerprint }
                .first.map { JournalEntry(candidate: $0, metrics: (try? store.finalMetrics(candidates: [$0.id]))?[$0.id] ?? [:]) }
        }
        var snapshot = JournalSnapshot(entries: entries, baseline: baseline)
        snapshot.calibration = try ProxyCalibration.load(store: store)
        return snapshot
    }

    /// Scored entries, best first; ties by age (older first, so the order is stable).
    public var ranked: [JournalEntry] {
        entries.filter { $0.score != nil }.sorted {
            ($0.score!, $1.candidate.createdAt) > ($1.score!, $0.candidate.createdAt)
        }
    }

    /// What a prompt shows: the top `k` by score, then failures and "won offline, lost
    /// online" entries, which teach as much as the winners.
    public func forPrompt(topK: Int) -> [JournalEntry] {
        var shown = Array(ranked.prefix(topK))
        let shownIDs = Set(shown.map(\.candidate.id))
        let base = baseline?.score
        let lessons = entries.filter { !shownIDs.contains($0.candidate.id) && $0.lookedGoodLostOnline(baseline: base) }
        let failures = entries.filter { $0.candidate.state == .failed }.prefix(max(2, topK / 3))
        shown += lessons.prefix(topK)
        shown += failures
        return shown
    }

    /// `n` worked examples: past proposals with measured results, spread over the ranking
    /// (best, middle, worst) so the model sees what helped and what did not.
    public func examples(_ n: Int) -> [JournalEntry] {
        let scored = ranked.filter { $0.candidate.delta != nil && $0.candidate.proposer != Self.baselineProposer }
        guard n > 0, !scored.isEmpty else { return [] }
        if scored.count <= n { return scored }
        var picked: [JournalEntry] = []
        for i in 0..<n {
            let index = n == 1 ? 0 : Int((Double(i) * Double(scored.count - 1) / Double(n - 1)).rounded())
            if !picked.contains(where: { $0.candidate.id == scored[index].candidate.id }) { picked.append(scored[index]) }
        }
        return picked
    }
}
