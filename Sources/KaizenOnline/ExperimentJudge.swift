import KaizenCore
import KaizenPolicy
import KaizenStats

/// Decides an experiment from what it reported so far: abort on a breached guardrail,
/// launch when the north star improved significantly and by at least the minimum effect,
/// stop unlaunched when that can no longer happen or time is up, else keep running.
public struct ExperimentJudge: Sendable {
    public var launch: Policy.Launch
    public var guardrails: Policy.Guardrails
    public var test: Policy.Launch.Test

    public init(launch: Policy.Launch, guardrails: Policy.Guardrails, test: Policy.Launch.Test? = nil) {
        self.launch = launch
        self.guardrails = guardrails
        self.test = test ?? launch.test
    }

    public enum Verdict: Sendable, Equatable {
        /// Keep running; `note` says what the test shows so far.
        case running(state: JSONValue, note: String)
        case decided(Decision, state: JSONValue)
    }

    /// `days` are every day so far (day 0 first), `cohorts` every closed north-star cohort,
    /// `userMetrics` the latest per-user guardrail values if the environment reports them;
    /// `state` is what the previous call returned (`{}` at first).
    public func judge(days: [DayMetrics], cohorts: [CohortObservations], userMetrics: [String: ArmObservations] = [:], state: JSONValue) -> Verdict {
        let dayCount = days.count
        if let breach = guardrails.breach(in: days, userMetrics: userMetrics, alpha: launch.alpha) {
            var decision = northStarSummary(cohorts: cohorts, state: state, days: dayCount).decision
            decision.outcome = .aborted
            decision.reason = breach.description
            decision.guardrail = breach.metric
            return .decided(decision, state: state)
        }
        switch test {
        case .sequential: return sequential(days: dayCount, cohorts: cohorts, state: state)
        case .welch: return welch(days: dayCount, cohorts: cohorts, state: state)
        }
    }

    private func sequential(days: Int, cohorts: [CohortObservations], state: JSONValue) -> Verdict {
        let summary = northStarSummary(cohorts: cohorts, state: state, days: days)
        var decision = summary.decision
        guard let result = summary.result else {
            if days >= launch.maxDays {
                decision.reason = "no north-star cohort had closed by max_days (\(launch.maxDays))"
                return .decided(decision, state: summary.state)
            }
            return .running(state: summary.state, note: "waiting for the first north-star cohort to close")
        }
        let base = abs(result.controlMean)
        let relativeHigh = base > 0 ? result.ciHigh / base : .nan
        if days >= launch.minDays, result.rejects, result.ciLow > 0, decision.relativeEstimate >= launch.minEffect {
            decision.outcome = .launched
            decision.reason = "\(launch.northStar) \(Percent.format(decision.relativeEstimate)) (always-valid p \(Self.format(decision.pValue)) < alpha \(launch.alpha)), at least the minimum effect \(Percent.format(launch.minEffect))"
            return .decided(decision, state: summary.state)
        }
        if relativeHigh < launch.minEffect {
            decision.reason = "the confidence sequence rules out the minimum effect: at most \(Percent.format(relativeHigh)) < \(Percent.format(launch.minEffect))"
            return .decided(decision, state: summary.state)
        }
        if days >= launch.maxDays {
            decision.reason = "inconclusive after max_days (\(launch.maxDays)): \(Percent.format(decision.relativeEstimate)), always-valid p \(Self.format(decision.pValue))"
            return .decided(decision, state: summary.state)
        }
        return .running(state: summary.state, note: "\(Percent.format(decision.relativeEstimate)), always-valid p \(Self.format(decision.pValue))")
    }

    /// Welch's test is read once, at a fixed horizon: the first look after `min_days` with a
    /// closed north-star cohort (when cohorts close does not depend on the data).
    private func welch(days: Int, cohorts: [CohortObservations], state: JSONValue) -> Verdict {
        let control = cohorts.flatMap(\.control), treatment = cohorts.flatMap(\.treatment)
        var decision = Decision(outcome: .notLaunched, test: "welch", reason: "", days: days, controlCount: control.count, treatmentCount: treatment.count)
        guard days >= launch.minDays, !cohorts.isEmpty else {
            if days >= launch.maxDays {
                decision.reason = "no north-star cohort had closed by max_days (\(launch.maxDays))"
                return .decided(decision, state: state)
            }
            return .running(state: state, note: cohorts.isEmpty ? "waiting for the first north-star cohort to close" : "waiting for min_days (\(launch.minDays))")
        }
        guard let result = WelchTest.run(control: control, treatment: treatment, alpha: launch.alpha) else {
            decision.reason = "too few north-star observations for Welch's test (\(control.count) control, \(treatment.count) treatment)"
            return .decided(decision, state: state)
        }
        decision.estimate = result.estimate
        decision.relativeEstimate = result.controlMean != 0 ? result.estimate / abs(result.controlMean) : .nan
        decision.ciLow = result.ciLow
        decision.ciHigh = result.ciHigh
        decision.pValue = result.pValue
        decision.controlMean = result.controlMean
        decision.treatmentMean = result.treatmentMean
        if result.pValue < launch.alpha, result.estimate > 0, decision.relativeEstimate >= launch.minEffect {
            decision.outcome = .launched
            decision.reason = "\(launch.northStar) \(Percent.format(decision.relativeEstimate)) (Welch p \(Self.format(result.pValue)) < alpha \(launch.alpha)), at least the minimum effect \(Percent.format(launch.minEffect))"
        } else {
            decision.reason = "not significant or too small at the horizon: \(Percent.format(decision.relativeEstimate)), Welch p \(Self.format(result.pValue))"
        }
        return .decided(decision, state: state)
    }

    /// The sequential test on all closed cohorts so far, as a not-launched decision to refine.
    /// The mixture scale is fixed at the first look (that look's standard error, or the
    /// minimum effect if larger) and kept in `state`, so later looks use the same test.
    private func northStarSummary(cohorts: [CohortObservations], state: JSONValue, days: Int) -> (decision: Decision, result: SequentialResult?, state: JSONValue) {
        let control = cohorts.flatMap(\.control), treatment = cohorts.flatMap(\.treatment)
        var decision = Decision(outcome: .notLaunched, test: test.rawValue, reason: "", days: days, controlCount: control.count, treatmentCount: treatment.count)
        guard control.count >= 2, treatment.count >= 2 else { return (decision, nil, state) }
        var fields = state.objectValue ?? [:]
        let tau: Double
        if let stored = fields["tau"]?.doubleValue, stored > 0 {
            tau = stored
        } else {
            // The mixture is most powerful where its scale matches the estimate's standard
            // error; a scale far below it (say 2% of the mean with a few hundred noisy users)
            // would need z > 10 to launch anything. The first look's standard error uses only
            // the variances, not the difference, so fixing it then keeps the test valid.
            let standardError = (Sample.variance(control) / Double(control.count) + Sample.variance(treatment) / Double(treatment.count)).squareRoot()
            tau = max(standardError, launch.minEffect * abs(Sample.mean(control)), 1e-12)
            guard tau.isFinite else { return (decision, nil, state) }
            fields["tau"] = .number(tau)
        }
        guard let result = MixtureSPRT(alpha: launch.alpha, tau: tau).evaluate(control: control, treatment: treatment) else {
            return (decision, nil, .object(fields))
        }
        let minP = min(fields["min_p"]?.doubleValue ?? 1, result.pValue)
        fields["min_p"] = .number(minP)
        decision.estimate = result.estimate
        decision.relativeEstimate = result.controlMean != 0 ? result.estimate / abs(result.controlMean) : .nan
        decision.ciLow = result.ciLow
        decision.ciHigh = result.ciHigh
        decision.pValue = minP
        decision.eValue = result.eValue
        decision.controlMean = result.controlMean
        decision.treatmentMean = result.treatmentMean
        return (decision, result, .object(fields))
    }

    static func format(_ p: Double) -> String {
        guard p.isFinite else { return "n/a" }
        return p < 0.0001 ? String(format: "%.1e", p) : String(format: "%.4f", p)
    }
}
