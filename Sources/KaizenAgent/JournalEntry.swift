import Foundation
import KaizenCore

/// A candidate with its final metrics, as prompts and `kaizen journal` show it.
public struct JournalEntry: Sendable {
    public var candidate: Candidate
    /// Offline metrics by name; online ones prefixed `online.`.
    public var metrics: [String: Double]
    /// The persona's objective, turned so that higher is better; nil when not measured.
    public var score: Double?

    public init(candidate: Candidate, metrics: [String: Double]) {
        self.candidate = candidate
        self.metrics = metrics
        self.score = PersonaObjective.of(candidate).score(metrics)
    }

    /// Won offline (scored at least as well as production) but was not launched online.
    public func lookedGoodLostOnline(baseline: Double?) -> Bool {
        guard [.notLaunched, .aborted].contains(candidate.state), let score else { return false }
        return baseline.map { score >= $0 } ?? true
    }

    /// "val_logloss 0.5523 (production 0.5610, better)" or the failure reason.
    public func resultText(baselineMetrics: [String: Double]?) -> String {
        let objective = PersonaObjective.of(candidate)
        switch candidate.state {
        case .failed: return "failed: " + String((candidate.reason ?? "unknown").prefix(160))
        case .invalid: return "invalid: " + String((candidate.reason ?? "").prefix(160))
        case .duplicate: return "duplicate: " + String((candidate.reason ?? "").prefix(160))
        case .queued, .training, .proposed: return "not measured yet (\(candidate.state.rawValue))"
        default: break
        }
        guard let value = metrics[objective.metric] else { return "no \(objective.metric) recorded" }
        var text = "\(objective.metric) \(Self.format(value))"
        if let base = baselineMetrics?[objective.metric] {
            let better = objective.higherIsBetter ? value > base : value < base
            text += " (production \(Self.format(base)), \(value == base ? "same" : better ? "better" : "worse"))"
        }
        if let online = metrics["online.north_star_lift"] { text += "; online north-star lift \(Self.format(online))" }
        return text
    }

    static func format(_ x: Double) -> String { String(format: "%.4f", x) }
}
