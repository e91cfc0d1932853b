/// A rate with its uncertainty, e.g. a guardrail's error rate or a launch's approval rate.
public struct ProportionInterval: Sendable, Equatable {
    /// `successes / trials`; NaN with no trials.
    public var estimate: Double
    public var low: Double
    public var high: Double

    public init(estimate: Double, low: Double, high: Double) {
        self.estimate = estimate
        self.low = low
        self.high = high
    }
}
