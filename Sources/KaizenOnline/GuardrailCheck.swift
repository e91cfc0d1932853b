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
    /// Fewer days of aggregates than this cannot estimate the day-to-day spread.
    public static let minimumDailyObservations = 7

    /// The first limit breached so far. A metric counts as breached only when an
    /// always-valid confidence sequence (mixture SPRT, level `alpha`) of its relative change,
    /// treatment versus control, lies wholly below the tolerated drop: a noisy day does not
    /// abort a good candidate, and looking every day does not make aborts likelier.
    ///
    /// Per-user values (`userMetrics`) are the sound basis: users are the unit of
    /// assignment, and the arms' users differ by chance in lasting ways that day-level
    /// aggregates mistake for an effect. Without them, the mean daily relative change is
    /// tested, and only after `minimumDailyObservations` days.
    public func breach(in days: [DayMetrics], userMetrics: [String: ArmObservations] = [:], alpha: Double) -> GuardrailBreach? {
        guard days.count >= Swift.max(2, minDaysBeforeAbort) else { return nil }
        for limit in limits {
            let result: SequentialResult?
            let base: Double
            if let users = userMetrics[limit.metric], users.control.count >= 2, users.treatment.count >= 2 {
                base = abs(Sample.mean(users.control))
                let standardError = (Sample.variance(users.control) / Double(users.control.count)
                    + Sample.variance(users.treatment) / Double(users.treatment.count)).squareRoot()
                let tau = Swift.max(standardError, Swift.max(limit.maxRelativeDrop, 0.005) * base, 1e-12)
                guard tau.isFinite else { continue }
                result = MixtureSPRT(alpha: alpha, tau: tau).evaluate(control: users.control, treatment: users.treatment)
            } else {
                let changes = days.compactMap { day -> Double? in
                    guard let c = day.control[limit.metric], let t = day.treatment[limit.metric], c != 0, c.isFinite, t.isFinite else { return nil }
                    return t / c - 1
                }
                guard changes.count >= Self.minimumDailyObservations else { continue }
                base = 1
                // A one-sample sequence: the "control" arm is the zero change, with no variance.
                let test = MixtureSPRT(alpha: alpha, tau: Swift.max(limit.maxRelativeDrop, 0.005))
                result = test.evaluate(control: [Double](repeating: 0, count: changes.count), treatment: changes)
            }
            guard let result, base > 0 else { continue }
            if result.ciHigh / base < -limit.maxRelativeDrop {
                return GuardrailBreach(
                    metric: limit.metric, relativeChange: result.estimate / base, ciLow: result.ciLow / base, ciHigh: result.ciHigh / base,
                    limit: limit.maxRelativeDrop, days: days.count)
            }
        }
        return nil
    }
}
