/// A fixed-horizon comparison of two arms, valid only when looked at once: the online agent
/// uses it for the final report and the sequential test for decisions along the way.
public struct WelchResult: Sendable, Equatable {
    /// `(meanT - meanC) / sqrt(vT/nT + vC/nC)`.
    public var statistic: Double
    /// Welch–Satterthwaite; not a whole number in general.
    public var degreesOfFreedom: Double
    /// Two-sided.
    public var pValue: Double
    /// `meanT - meanC`.
    public var estimate: Double
    /// The `1 - alpha` interval for the difference.
    public var ciLow: Double, ciHigh: Double
    public var controlMean: Double, treatmentMean: Double
    public var controlCount: Int, treatmentCount: Int

    public init(
        statistic: Double, degreesOfFreedom: Double, pValue: Double, estimate: Double, ciLow: Double, ciHigh: Double,
        controlMean: Double, treatmentMean: Double, controlCount: Int, treatmentCount: Int
    ) {
        self.statistic = statistic
        self.degreesOfFreedom = degreesOfFreedom
        self.pValue = pValue
        self.estimate = estimate
        self.ciLow = ciLow
        self.ciHigh = ciHigh
        self.controlMean = controlMean
        self.treatmentMean = treatmentMean
        self.controlCount = controlCount
        self.treatmentCount = treatmentCount
    }
}
