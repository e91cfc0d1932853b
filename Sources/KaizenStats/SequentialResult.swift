/// One look at a running experiment. Unlike a p-value from a fixed-horizon test, everything
/// here stays valid however often the agent looks and whenever it stops.
public struct SequentialResult: Sendable, Equatable {
    /// `meanT - meanC`.
    public var estimate: Double
    /// The always-valid confidence sequence at this look: the effects not rejected.
    public var ciLow: Double, ciHigh: Double
    /// The mixture likelihood ratio against "no effect".
    public var eValue: Double
    /// `min(1, 1/eValue)`; the caller keeps the running minimum over looks.
    public var pValue: Double
    /// `eValue >= 1/alpha`.
    public var rejects: Bool
    /// `sqrt(vT/nT + vC/nC)`.
    public var standardError: Double
    public var controlMean: Double, treatmentMean: Double
    public var controlCount: Int, treatmentCount: Int

    public init(
        estimate: Double, ciLow: Double, ciHigh: Double, eValue: Double, pValue: Double, rejects: Bool,
        standardError: Double, controlMean: Double, treatmentMean: Double, controlCount: Int, treatmentCount: Int
    ) {
        self.estimate = estimate
        self.ciLow = ciLow
        self.ciHigh = ciHigh
        self.eValue = eValue
        self.pValue = pValue
        self.rejects = rejects
        self.standardError = standardError
        self.controlMean = controlMean
        self.treatmentMean = treatmentMean
        self.controlCount = controlCount
        self.treatmentCount = treatmentCount
    }
}
