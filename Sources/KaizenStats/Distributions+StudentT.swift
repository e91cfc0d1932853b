import Foundation

extension Distributions {
    /// Any positive `df`, since Welch's degrees of freedom are not whole numbers. The tail
    /// beyond `|t|` comes straight from the incomplete beta, so it keeps relative accuracy.
    public static func studentTCDF(_ t: Double, degreesOfFreedom df: Double) -> Double {
        guard !t.isNaN, df > 0 else { return .nan }
        if df == .infinity { return normalCDF(t) }
        if t == 0 { return 0.5 }
        let tail = 0.5 * studentTTwoSidedP(t, degreesOfFreedom: df)
        return t < 0 ? tail : 1 - tail
    }

    /// `P(|T| >= |t|) = I_{df/(df+t²)}(df/2, 1/2)`, computed directly: `2 (1 - cdf)` would
    /// lose every digit of a small p-value.
    public static func studentTTwoSidedP(_ t: Double, degreesOfFreedom df: Double) -> Double {
        guard !t.isNaN, df > 0 else { return .nan }
        if df == .infinity { return 2 * normalCDF(-abs(t)) }
        if t == 0 { return 1 }
        // x = 1/(1+r) and y = r/(1+r), with their logs, without forming 1 - x.
        let r = t * t / df
        if r == .infinity { return 0 }
        let x = 1 / (1 + r)
        let y = r > 1 ? 1 / (1 + 1 / r) : r / (1 + r)
        let logX = -log1p(r)
        let logY = r > 1 ? -log1p(1 / r) : log(r) - log1p(r)
        return incompleteBeta(df / 2, 0.5, x: x, y: y, logX: logX, logY: logY)
    }

    /// Newton's method on `studentTCDF`, kept inside a bracket that bisection shrinks when a
    /// step would leave it, so it converges for every df including the Cauchy case. The
    /// upper half comes from the lower by symmetry, where `1 - p` is exact.
    public static func studentTQuantile(_ p: Double, degreesOfFreedom df: Double) -> Double {
        guard p >= 0, p <= 1, df > 0 else { return .nan }
        if df == .infinity { return normalQuantile(p) }
        if p == 0 { return -.infinity }
        if p == 1 { return .infinity }
        if p == 0.5 { return 0 }
        if p > 0.5 { return -studentTQuantile(1 - p, degreesOfFreedom: df) }
        // t's tails are heavier than the normal's, so its quantile lies below the normal one.
        let z = normalQuantile(p)
        var high = min(z, -1e-300)
        var low = high
        while studentTCDF(low, degreesOfFreedom: df) > p {
            high = low
            low *= 2
            if !low.isFinite { return -.infinity }
        }
        var t = cornishFisher(z, df)
        if !(t > low && t < high) { t = 0.5 * (low + high) }
        for _ in 0..<200 {
            let cdf = studentTCDF(t, degreesOfFreedom: df)
            if cdf == p { return t }
            if cdf < p { low = t } else { high = t }
            var next = t - (cdf - p) / studentTDensity(t, degreesOfFreedom: df)
            if !(next > low && next < high) { next = 0.5 * (low + high) }
            // Newton converges quadratically: a step this small leaves an error far below it.
            if abs(next - t) <= 1e-13 * abs(t) || next == low || next == high { return next }
            t = next
        }
        return t
    }

    /// The Cornish–Fisher expansion of the t quantile around the normal one, as Newton's
    /// starting point (good for df above a few, clamped into the bracket otherwise).
    private static func cornishFisher(_ z: Double, _ df: Double) -> Double {
        let z2 = z * z
        let g1 = (z2 + 1) * z / 4
        let g2 = ((5 * z2 + 16) * z2 + 3) * z / 96
        let g3 = (((3 * z2 + 19) * z2 + 17) * z2 - 15) * z / 384
        return z + (g1 + (g2 + g3 / df) / df) / df
    }

    /// The density, only as Newton's derivative.
    static func studentTDensity(_ t: Double, degreesOfFreedom df: Double) -> Double {
        exp(-0.5 * (df + 1) * log1p(t * t / df) - 0.5 * log(df) - logBeta(0.5 * df, 0.5))
    }
}
