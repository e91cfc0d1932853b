/// Welch's unequal-variance t-test, because A/B arms rarely share a variance and are often
/// unequal in size; it matches `scipy.stats.ttest_ind(treatment, control, equal_var=False)`.
public enum WelchTest: Sendable {
    /// nil when either arm has fewer than 2 observations or both variances are 0.
    /// `alpha` must lie in (0, 1); it only sets the interval's level.
    public static func run(control: [Double], treatment: [Double], alpha: Double) -> WelchResult? {
        precondition(alpha > 0 && alpha < 1, "alpha must lie in (0, 1), got \(alpha)")
        guard control.count >= 2, treatment.count >= 2 else { return nil }
        let nC = Double(control.count), nT = Double(treatment.count)
        // Both arms centred on the same value, so their difference keeps every digit.
        let shift = control[0]
        let (shiftedC, varianceC) = Sample.meanAndVariance(control, shift: shift)
        let (shiftedT, varianceT) = Sample.meanAndVariance(treatment, shift: shift)
        let wC = varianceC / nC, wT = varianceT / nT
        let v = wC + wT
        guard v > 0 else { return nil }
        let standardError = v.squareRoot()
        let estimate = shiftedT - shiftedC
        let statistic = estimate / standardError
        let df = v * v / (wT * wT / (nT - 1) + wC * wC / (nC - 1))
        let margin = -Distributions.studentTQuantile(alpha / 2, degreesOfFreedom: df) * standardError
        return WelchResult(
            statistic: statistic, degreesOfFreedom: df,
            pValue: Distributions.studentTTwoSidedP(statistic, degreesOfFreedom: df),
            estimate: estimate, ciLow: estimate - margin, ciHigh: estimate + margin,
            controlMean: shift + shiftedC, treatmentMean: shift + shiftedT, controlCount: control.count, treatmentCount: treatment.count)
    }
}
