import KaizenCore
import KaizenStats
import KaizenStore

/// How well offline (proxy) gains predicted online outcomes so far: the rank correlation
/// between each decided experiment's offline gain and its north-star lift, and the
/// candidates that won offline and lost online. Both go into the offline agent's prompts.
public struct ProxyCalibration: Sendable {
    public struct Pair: Sendable, Equatable {
        public var candidateID: String
        public var experimentID: String
        public var offlineGain: Double
        public var onlineLift: Double
        /// launched, not-launched or aborted.
        public var outcome: String
    }

    /// Decided experiments with both numbers, oldest first.
    public var pairs: [Pair]

    /// Kendall's tau-b of offline gain against online lift; nil below 2 pairs or with no spread.
    public var kendallTau: Double? {
        RankCorrelation.kendallTauB(pairs.map(\.offlineGain), pairs.map(\.onlineLift))
    }

    /// Selected for beating production offline, then not launched.
    public var wonOfflineLostOnline: [Pair] {
        pairs.filter { $0.offlineGain > 0 && $0.outcome != "launched" }
    }

    public static func load(store: Store) throws(StoreError) -> ProxyCalibration {
        let decided = try store.experiments(statuses: [.launched, .notLaunched, .aborted]).reversed()
        let pairs = decided.compactMap { e -> Pair? in
            guard let gain = e.decision?["offline_gain"]?.doubleValue, let lift = e.decision?["relative_estimate"]?.doubleValue else { return nil }
            return Pair(candidateID: e.candidateID, experimentID: e.id, offlineGain: gain, onlineLift: lift, outcome: e.status.rawValue)
        }
        return ProxyCalibration(pairs: pairs)
    }

    /// A short paragraph for prompts; nil before any experiment was decided.
    public var text: String? {
        guard !pairs.isEmpty else { return nil }
        var text = "\(pairs.count) experiment(s) decided online. "
        if let tau = kendallTau {
            text += String(format: "Rank correlation (Kendall tau) between offline gain and online north-star lift: %.2f", tau)
            text += tau < 0.3 ? " — offline gains predict online results poorly; prefer changes with a plausible long-term effect.\n" : ".\n"
        } else {
            text += "Too few for a rank correlation yet.\n"
        }
        let lost = wonOfflineLostOnline
        if !lost.isEmpty {
            text += "Won offline, lost online: " + lost.suffix(5).map {
                "\($0.candidateID) (offline \(Percent.format($0.offlineGain)), online \(Percent.format($0.onlineLift)), \($0.outcome))"
            }.joined(separator: "; ")
        }
        return text
    }

}
