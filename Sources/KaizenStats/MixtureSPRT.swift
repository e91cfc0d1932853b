import Foundation

/// Always-valid inference for a difference of means: the mixture sequential probability
/// ratio test (mSPRT; Johari, Pekelis & Walsh 2017; Howard et al. 2021). The online agent
/// checks experiments repeatedly and stops as soon as it can; a fixed-horizon test checked
/// like that rejects far more often than its alpha, this one does not.
///
/// With the Gaussian approximation Δ̂ = meanT − meanC ~ N(Δ, V), V = vT/nT + vC/nC (sample
/// variances), and a N(0, τ²) mixture over the effect:
///   Λ = sqrt(V / (V + τ²)) · exp(τ² Δ̂² / (2 V (V + τ²)))
/// rejects Δ = 0 when Λ ≥ 1/α, and the confidence sequence is the set of θ not rejected:
///   Δ̂ ± sqrt(V (V + τ²) / τ² · (2 log(1/α) + log((V + τ²) / V))).
public struct MixtureSPRT: Sendable, Equatable {
    public var alpha: Double
    /// The mixture's standard deviation, in the metric's units: the effect size the test is
    /// tuned to detect fastest.
    public var tau: Double

    /// `alpha` in (0, 1) and `tau > 0`.
    public init(alpha: Double, tau: Double) {
        precondition(alpha > 0 && alpha < 1, "alpha must lie in (0, 1), got \(alpha)")
        precondition(tau > 0 && tau.isFinite, "tau must be positive and finite, got \(tau)")
        self.alpha = alpha
        self.tau = tau
    }

    /// nil when either arm has fewer than 2 observations or V == 0.
    public func evaluate(control: [Double], treatment: [Double]) -> SequentialResult? {
        guard control.count >= 2, treatment.count >= 2 else { return nil }
        // Both arms centred on the same value, so their difference keeps every digit.
        let shift = control[0]
        let (shiftedC, varianceC) = Sample.meanAndVariance(control, shift: shift)
        let (shiftedT, varianceT) = Sample.meanAndVariance(treatment, shift: shift)
        let v = varianceC / Double(control.count) + varianceT / Double(treatment.count)
        guard v > 0 else { return nil }
        let tau2 = tau * tau
        let estimate = shiftedT - shiftedC
        // In logs: Λ overflows for clear effects, and 1/Λ must not become 0/0.
        let logShrink = log1p(tau2 / v)  // log((V + τ²) / V)
        let logE = -0.5 * logShrink + tau2 * estimate * estimate / (2 * v * (v + tau2))
        let logThreshold = -log(alpha)
        let halfWidth = (v * (v + tau2) / tau2 * (2 * logThreshold + logShrink)).squareRoot()
        return SequentialResult(
            estimate: estimate, ciLow: estimate - halfWidth, ciHigh: estimate + halfWidth,
            eValue: exp(logE), pValue: exp(min(0, -logE)), rejects: logE >= logThreshold,
            standardError: v.squareRoot(), controlMean: shift + shiftedC, treatmentMean: shift + shiftedT,
            controlCount: control.count, treatmentCount: treatment.count)
    }
}
