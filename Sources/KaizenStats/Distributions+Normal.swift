import Foundation

extension Distributions {
    /// Via `erfc`, so the lower tail keeps full relative accuracy (`1 - Φ(-x)` would round
    /// every tail probability below about 1e-16 to zero).
    public static func normalCDF(_ x: Double) -> Double {
        0.5 * erfc(-x / 2.0.squareRoot())
    }

    /// Acklam's rational approximation (relative error 1.15e-9) polished by one Halley step
    /// against `normalCDF`, which is enough for full double precision. The upper half is
    /// taken from the lower by symmetry, where `1 - p` is exact and the tail stays accurate.
    public static func normalQuantile(_ p: Double) -> Double {
        guard p >= 0, p <= 1 else { return .nan }
        if p == 0 { return -.infinity }
        if p == 1 { return .infinity }
        if p > 0.5 { return -normalQuantile(1 - p) }
        let x = acklam(p)
        let density = exp(-0.5 * x * x) / (2 * Double.pi).squareRoot()
        guard density > 0 else { return x }
        let u = (normalCDF(x) - p) / density
        guard u.isFinite else { return x }
        return x - u / (1 + 0.5 * x * u)
    }

    /// Acklam's approximation for `p` in (0, 0.5].
    private static func acklam(_ p: Double) -> Double {
        let pLow = 0.02425
        if p < pLow {
            let q = (-2 * log(p)).squareRoot()
            let num = ((((-7.784894002430293e-03 * q - 3.223964580411365e-01) * q - 2.400758277161838e+00) * q
                - 2.549732539343734e+00) * q + 4.374664141464968e+00) * q + 2.938163982698783e+00
            let den = (((7.784695709041462e-03 * q + 3.224671290700398e-01) * q + 2.445134137142996e+00) * q
                + 3.754408661907416e+00) * q + 1
            return num / den
        }
        let q = p - 0.5
        let r = q * q
        let num = (((((-3.969683028665376e+01 * r + 2.209460984245205e+02) * r - 2.759285104469687e+02) * r
            + 1.383577518672690e+02) * r - 3.066479806614716e+01) * r + 2.506628277459239e+00) * q
        let den = ((((-5.447609879822406e+01 * r + 1.615858368580409e+02) * r - 1.556989798598866e+02) * r
            + 6.680131188771972e+01) * r - 1.328068155288572e+01) * r + 1
        return num / den
    }
}
