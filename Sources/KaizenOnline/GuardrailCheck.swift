import KaizenCore
import KaizenPolicy
import KaizenStats

/// A guardrail metric that fell by more than its limit, with the evidence.
public struct GuardrailBreach: Sendable, Equatable {
    public var metric: String
    /// Mean daily relative change, treatment versus control (-0.012 = -1.2%).
    public var relativeChange: Double
    public var ciLow: Double
    public var ciHigh: Double
    public var limit: Double
    public var days: Int

    public var description: String {
        "guardrail \(metric): treatment \(Percent.format(relativeChange)) versus control "
            + "(interval \(Percent.format(ciLow)) to \(Percent.format(ciHigh)) over \(days) days), limit -\(Percent.format(limit, sign: false))"
    }
}

extension Policy.Guardrails {
    /// The first limit breached so far, judged on the daily relative changes
    /// (treatment / control - 1) of each guarded metric.
    ///
    /// A noisy day must not abort a good candidate, and looking every day must not make
    /// aborts likelier: a metric counts as breached only when an always-valid confidence
    /// sequence (mixture SPRT, level `alpha`) of its mean daily change lies wholly below
    /// the tolerated drop.
    public func breach(in days: [DayMetrics], alpha: Double) -> GuardrailBreach? {
        guard days.count >= Swift.max(2, minDaysBeforeAbort) else { return nil }
        for limit in limits {
            let changes = days.compactMap { day -> Double? in
                guard let c = day.control[limit.metric], let t = day.treatment[limit.metric], c != 0, c.isFinite, t.isFinite else { return nil }
                return t / c - 1
            }
            guard changes.count >= 2 else { continue }
            // A one-sample sequence: the "control" arm is the zero change, with no variance.
            let test = MixtureSPRT(alpha: alpha, tau: Swift.max(limit.maxRelativeDrop, 0.005))
            guard let result = test.evaluate(control: [Double](repeating: 0, count: changes.count), treatment: changes) else { continue }
            if result.ciHigh < -limit.maxRelativeDrop {
                return GuardrailBreach(
                    metric: limit.metric, relativeChange: result.estimate, ciLow: result.ciLow, ciHigh: result.ciHigh,
                    limit: limit.maxRelativeDrop, days: changes.count)
            }
        }
        return nil
    }
}

/// "+1.23%" style numbers for reasons and tables.
enum Percent {
    static func format(_ x: Double, sign: Bool = true) -> String {
        guard x.isFinite else { return "n/a" }
        let text = String(format: "%.2f%%", abs(x) * 100)
        return sign ? (x < 0 ? "-" : "+") + text : text
    }
}
