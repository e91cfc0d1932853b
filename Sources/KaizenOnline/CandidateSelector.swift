import KaizenAgent
import KaizenCore

/// A scored candidate the online agent may take live, with what the approval rules read.
public struct SelectionPick: Sendable, Equatable {
    public var candidate: Candidate
    /// Relative offline gain over production on the persona's objective (0.01 = 1% better);
    /// NaN when production's baseline has not been scored.
    public var offlineGain: Double
    /// Relative change in inference FLOPs per request versus production; NaN when unknown.
    public var inferenceCostChange: Double
}

/// Picks the top K scored candidates per persona and overall, by relative offline gain
/// over production, among those that pass the offline guardrails: built on the current
/// production config, and better than it offline (when production's score is known).
public struct CandidateSelector: Sendable {
    public var topK: Int
    public var topKPerPersona: Int

    public init(topK: Int, topKPerPersona: Int) {
        self.topK = topK
        self.topKPerPersona = topKPerPersona
    }

    /// Best first. `baseline` is production's own scored journal entry.
    public func pick(from entries: [JournalEntry], baseline: JournalEntry?, productionFingerprint: String) -> [SelectionPick] {
        var eligible: [SelectionPick] = []
        for entry in entries where entry.candidate.state == .scored && entry.candidate.config != nil {
            guard entry.candidate.proposer != JournalSnapshot.baselineProposer,
                  entry.candidate.baseFingerprint == productionFingerprint,
                  entry.candidate.fingerprint != productionFingerprint,
                  let score = entry.score
            else { continue }
            let gain = Self.gain(score: score, persona: entry.candidate.persona, baseline: baseline)
            if gain.isFinite && gain <= 0 { continue }
            let cost = Self.costChange(entry.metrics["inference_flops"], baseline?.metrics["inference_flops"])
            eligible.append(SelectionPick(candidate: entry.candidate, offlineGain: gain, inferenceCostChange: cost))
        }
        // Known gains first, best first; unknown gains (no baseline) after, oldest first.
        eligible.sort { a, b in
            switch (a.offlineGain.isFinite, b.offlineGain.isFinite) {
            case (true, true): a.offlineGain != b.offlineGain ? a.offlineGain > b.offlineGain : a.candidate.createdAt < b.candidate.createdAt
            case (true, false): true
            case (false, true): false
            case (false, false): a.candidate.createdAt < b.candidate.createdAt
            }
        }
        var perPersona: [Persona: Int] = [:]
        var picked: [SelectionPick] = []
        for pick in eligible where picked.count < topK {
            let n = perPersona[pick.candidate.persona, default: 0]
            guard n < topKPerPersona else { continue }
            perPersona[pick.candidate.persona] = n + 1
            picked.append(pick)
        }
        return picked
    }

    static func gain(score: Double, persona: Persona, baseline: JournalEntry?) -> Double {
        let objective = PersonaObjective.of(persona)
        guard let base = baseline.flatMap({ objective.score($0.metrics) }), base != 0 else { return .nan }
        return (score - base) / abs(base)
    }

    static func costChange(_ cost: Double?, _ base: Double?) -> Double {
        guard let cost, let base, base > 0 else { return .nan }
        return cost / base - 1
    }
}
