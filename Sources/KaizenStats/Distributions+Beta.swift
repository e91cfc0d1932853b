import Foundation

extension Distributions {
    /// `I_x(a, b)`. Student's t and the exact binomial interval are both built on it, so it
    /// carries the accuracy of every p-value here.
    public static func regularizedIncompleteBeta(_ a: Double, _ b: Double, _ x: Double) -> Double {
        guard !x.isNaN else { return .nan }
        if x <= 0 { return a > 0 && b > 0 ? 0 : .nan }
        if x >= 1 { return a > 0 && b > 0 ? 1 : .nan }
        return incompleteBeta(a, b, x: x, y: 1 - x, logX: log(x), logY: log1p(-x))
    }

    /// `I_x(a, b)` from both `x` and `y = 1 - x` and their logarithms, which callers such as
    /// Student's t can compute without the cancellation that `1 - x` and `log(x)` suffer
    /// near 1. Lentz's continued fraction converges quickly below the mean
    /// `(a + 1) / (a + b + 2)`; above it the symmetry `I_x(a, b) = 1 - I_y(b, a)` is used.
    static func incompleteBeta(_ a: Double, _ b: Double, x: Double, y: Double, logX: Double, logY: Double) -> Double {
        guard a > 0, b > 0, !x.isNaN, !y.isNaN else { return .nan }
        if x <= 0 { return 0 }
        if y <= 0 { return 1 }
        if x > (a + 1) / (a + b + 2) {
            return 1 - betaContinuedFraction(b, a, x: y, logX: logY, logY: logX)
        }
        return betaContinuedFraction(a, b, x: x, logX: logX, logY: logY)
    }

    /// The continued fraction of `I_x(a, b)` (Numerical Recipes' `betacf`, modified Lentz),
    /// times its prefactor `x^a y^b / (a B(a, b))` evaluated in logs.
    private static func betaContinuedFraction(_ a: Double, _ b: Double, x: Double, logX: Double, logY: Double) -> Double {
        let tiny = 1e-300
        let epsilon = 1e-16
        // The number of terms grows like sqrt(max(a, b)); the cap is far above that.
        let maxIterations = 1000 + Int(20 * max(a, b).squareRoot())
        let qab = a + b, qap = a + 1, qam = a - 1
        var c = 1.0
        var d = 1 - qab * x / qap
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        var m = 1.0
        for _ in 0..<maxIterations {
            let m2 = 2 * m
            var aa = m * (b - m) * x / ((qam + m2) * (a + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) <= epsilon { break }
            m += 1
        }
        return exp(a * logX + b * logY - logBeta(a, b)) * h / a
    }

    /// `log B(a, b)`. For large arguments `lgamma(a) + lgamma(b) - lgamma(a + b)` cancels
    /// badly (Welch's df reaches thousands), so the Stirling terms are cancelled by hand and
    /// only their small corrections are added, as R's `lbeta` does.
    static func logBeta(_ a: Double, _ b: Double) -> Double {
        let p = min(a, b), q = max(a, b)
        let logSqrt2Pi = 0.918938533204672741780329736406
        if p >= 10 {
            let correction = stirlingCorrection(p) + stirlingCorrection(q) - stirlingCorrection(p + q)
            return -0.5 * log(q) + logSqrt2Pi + correction + (p - 0.5) * log(p / (p + q)) + q * log1p(-p / (p + q))
        }
        if q >= 10 {
            let correction = stirlingCorrection(q) - stirlingCorrection(p + q)
            return logGammaSmall(p) + correction + p - p * log(p + q) + (q - 0.5) * log1p(-p / (p + q))
        }
        if p < 1e-300 { return logGammaSmall(p) + logGammaSmall(q) - logGammaSmall(p + q) }
        return log(tgamma(p) * (tgamma(q) / tgamma(p + q)))
    }

    /// `log Γ(x)` for `0 < x < 10`, without glibc's `lgamma`, which writes the global `signgam`.
    private static func logGammaSmall(_ x: Double) -> Double {
        x < 1e-300 ? -log(x) : log(tgamma(x))
    }

    /// `log Γ(x) - ((x - 1/2) log x - x + log √(2π))` for `x >= 10`, from the Stirling series;
    /// the first omitted term is below 2e-18 there.
    private static func stirlingCorrection(_ x: Double) -> Double {
        let r = 1 / x
        let r2 = r * r
        let series = 1.0 / 12 - r2 * (1.0 / 360 - r2 * (1.0 / 1260 - r2 * (1.0 / 1680 - r2 * (1.0 / 1188
            - r2 * (691.0 / 360360 - r2 * (1.0 / 156 - r2 * 3617.0 / 122400))))))
        return series * r
    }
}
