import KaizenCore

/// The statistics behind an experiment's outcome, stored with it so anyone can check it.
public struct Decision: Sendable, Equatable {
    public enum Outcome: String, Sendable, CaseIterable {
        case launched
        case notLaunched = "not-launched"
        case aborted
    }

    public var outcome: Outcome
    /// `sequential` or `welch`.
    public var test: String
    /// Why, in one line: the criterion met or missed, or the guardrail breached.
    public var reason: String
    /// Treatment mean minus control mean of the north star, per user; NaN before any cohort closed.
    public var estimate: Double
    /// `estimate` relative to the control mean (0.01 = +1%).
    public var relativeEstimate: Double
    /// The (always-valid, for sequential) confidence interval of `estimate`.
    public var ciLow: Double
    public var ciHigh: Double
    /// Welch's two-sided p-value, or the sequential test's always-valid p-value (running minimum).
    public var pValue: Double
    /// The mixture likelihood ratio (sequential only).
    public var eValue: Double?
    /// Live days observed when deciding.
    public var days: Int
    public var controlCount: Int
    public var treatmentCount: Int
    public var controlMean: Double
    public var treatmentMean: Double
    /// The breached guardrail metric, for an abort.
    public var guardrail: String?

    public init(
        outcome: Outcome, test: String, reason: String, estimate: Double = .nan, relativeEstimate: Double = .nan,
        ciLow: Double = .nan, ciHigh: Double = .nan, pValue: Double = .nan, eValue: Double? = nil, days: Int,
        controlCount: Int = 0, treatmentCount: Int = 0, controlMean: Double = .nan, treatmentMean: Double = .nan, guardrail: String? = nil
    ) {
        self.outcome = outcome
        self.test = test
        self.reason = reason
        self.estimate = estimate
        self.relativeEstimate = relativeEstimate
        self.ciLow = ciLow
        self.ciHigh = ciHigh
        self.pValue = pValue
        self.eValue = eValue
        self.days = days
        self.controlCount = controlCount
        self.treatmentCount = treatmentCount
        self.controlMean = controlMean
        self.treatmentMean = treatmentMean
        self.guardrail = guardrail
    }

    /// The stored form; non-finite numbers become null.
    public var json: JSONValue {
        func number(_ x: Double) -> JSONValue { x.isFinite ? .number(x) : .null }
        var object: [String: JSONValue] = [
            "outcome": .string(outcome.rawValue), "test": .string(test), "reason": .string(reason),
            "estimate": number(estimate), "relative_estimate": number(relativeEstimate), "ci_low": number(ciLow),
            "ci_high": number(ciHigh), "days": .number(Double(days)), "control_n": .number(Double(controlCount)),
            "treatment_n": .number(Double(treatmentCount)), "control_mean": number(controlMean), "treatment_mean": number(treatmentMean),
        ]
        if test == "welch" { object["p_value"] = number(pValue) } else {
            object["p_value"] = number(pValue)
            object["e_value"] = eValue.map(number) ?? .null
        }
        if let guardrail { object["guardrail"] = .string(guardrail) }
        return .object(object)
    }
}
