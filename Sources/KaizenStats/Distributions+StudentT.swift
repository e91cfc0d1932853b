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
        var high = min(normalQuantile(p), -1e-300)
        var low = high
        while studentTCDF(low, degreesOfFreedom: df) > p {
            high = low
            low *= 2
            if !low.isFinite { return -.infinity }
        }
        var t = low
        for _ in 0..<400 {
            let cdf = studentTCDF(t, degreesOfFreedom: df)
            if cdf == p { return t }
            if cdf < p { low = t } else { high = t }
            var next = t - (cdf - p) / studentTDensity(t, degreesOfFreedom: df)
            if !(next > low && next < high) { next = 0.5 * (low + high) }
            if next == t || abs(next - t) <= 1e-15 * abs(t) || high - low <= 2 * abs(low).ulp { return next }
            t = next
        }
        return t
    }

    /// The density, only as Newton's derivative.
    static func studentTDensity(_ t: Double, degreesOfFreedom df: Double) -> Double {
        exp(-0.5 * (df + 1) * log1p(t * t / df) - 0.5 * log(df) - logBeta(0.5 * df, 0.5))
    }
}
