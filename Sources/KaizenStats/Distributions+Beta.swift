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
        // Near x = 1 with a large and b not (Student's t at large df: b = 1/2) the continued
        // fraction cancels catastrophically, to 1e-8 at df = 1e9; DiDonato and Morris's
        // expansion is accurate there. The mirror case uses it only where I_x >= 1/2.
        if a >= 15, b < 100, y < 0.3 { return largeAModerateB(a, b, x: x, y: y, logX: logX, logY: logY) }
        let mean = (a + 1) / (a + b + 2)
        if b >= 15, a < 100, x < 0.3, x > mean { return 1 - largeAModerateB(b, a, x: y, y: x, logX: logY, logY: logX) }
        if x > mean {
            return 1 - betaContinuedFraction(b, a, x: y, y: x, logX: logY, logY: logX)
        }
        return betaContinuedFraction(a, b, x: x, y: y, logX: logX, logY: logY)
    }

    /// The continued fraction of `I_x(a, b)` (Numerical Recipes' `betacf`, modified Lentz),
    /// times its prefactor `x^a y^b / (a B(a, b))`.
    private static func betaContinuedFraction(_ a: Double, _ b: Double, x: Double, y: Double, logX: Double, logY: Double) -> Double {
        let tiny = 1e-300
        let epsilon = 2.5e-16
        // The number of terms grows like sqrt(max(a, b)); the cap is far above that.
        let maxIterations = 1000 + Int(20 * max(a, b).squareRoot())
        let qab = a + b, qap = a + 1, qam = a - 1
        var c = 1.0
        // 1 - (a+b)x/(a+1), from y when x is near 1, where the first form cancels.
        var d = x > 0.5 ? (1 - b + qab * y) / qap : 1 - qab * x / qap
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
        return exp(logPrefactor(a, b, x: x, y: y, logX: logX, logY: logY)) * h / a
    }

    /// `log(x^a y^b / B(a, b))`. With a and b both large its three terms are huge and nearly
    /// cancel, so there the Stirling parts are cancelled by hand around the mean
    /// `a / (a + b)`, leaving `a log1p(δ/a) + b log1p(-δ/b)` with `δ = (a + b) x - a`
    /// formed with one rounding.
    private static func logPrefactor(_ a: Double, _ b: Double, x: Double, y: Double, logX: Double, logY: Double) -> Double {
        guard a >= 10, b >= 10 else { return a * logX + b * logY - logBeta(a, b) }
        let delta = x <= 0.5 ? (-a).addingProduct(a + b, x) : b.addingProduct(-(a + b), y)
        let correction = stirlingCorrection(a) + stirlingCorrection(b) - stirlingCorrection(a + b)
        return a * log1p(delta / a) + b * log1p(-delta / b) + 0.5 * log(a * (b / (a + b))) - logSqrt2Pi - correction
    }

    private static let logSqrt2Pi = 0.918938533204672741780329736406

    /// `I_x(a, b)` for `a >= 15`, `b < 100`: b is brought below 1 by the recurrence
    /// `I_x(a, c + 1) = I_x(a, c) + x^a y^c / (c B(a, c))`, whose terms are all positive.
    /// They rise and then fall, so they are summed outwards from the largest, computed
    /// directly: starting at either end could underflow to 0 before the terms that matter.
    private static func largeAModerateB(_ a: Double, _ b: Double, x: Double, y: Double, logX: Double, logY: Double) -> Double {
        let steps = Int(max(0, (b - 1).rounded(.up)))
        let c0 = b - Double(steps)
        let base = largeASmallBExpansion(a, c0, logX: logX)
        guard steps > 0 else { return base }
        // The ratio of consecutive terms, y (a + c) / (c + 1), falls below 1 at the peak.
        let peak = min(max(Int(((y * a - 1) / (1 - y) - c0).rounded(.up)), 0), steps - 1)
        let peakC = c0 + Double(peak)
        let peakTerm = exp(logPrefactor(a, peakC, x: x, y: y, logX: logX, logY: logY)) / peakC
        var sum = 0.0
        var term = peakTerm, c = peakC
        for _ in peak..<steps {
            sum += term
            term *= y * (a + c) / (c + 1)
            c += 1
        }
        term = peakTerm
        c = peakC
        for _ in 0..<peak {
            term *= c / (y * (a + c - 1))
            c -= 1
            sum += term
        }
        return base + sum
    }

    /// `I_x(a, b)` for `a >= 15`, `b <= 1`: the asymptotic expansion BGRAT of DiDonato and
    /// Morris (ACM TOMS 708, 1992, eq. 9–9.6), as Boost.Math's `beta_small_b_large_a_series`.
    private static func largeASmallBExpansion(_ a: Double, _ b: Double, logX: Double) -> Double {
        let t = a + (b - 1) / 2
        let u = -t * logX
        // prefix = (u/t)^b e^(-u) / B(a, b), the Γ(b) of both factors cancelled.
        let prefix = exp(b * log(-logX) - u - logBeta(a, b))
        guard prefix > 0 else { return 0 }
        var j = upperGammaOverPrefix(b, u)
        var sum = prefix * j
        var p = [1.0]
        let halfLog = logX / 2
        let halfLogSquared = halfLog * halfLog
        var logPower = 1.0
        let t4 = 4 * t * t
        var b2n = b
        for n in 1..<30 {
            var pn = 0.0
            for m in 1..<n { pn += (Double(m) * b - Double(n)) * p[n - m] / oddFactorials[m] }
            pn = pn / Double(n) + (b - 1) / oddFactorials[n]
            p.append(pn)
            j = (b2n * (b2n + 1) * j + (u + b2n + 1) * logPower) / t4
            logPower *= halfLogSquared
            b2n += 2
            let term = prefix * pn * j
            sum += term
            if abs(term) <= 1e-17 * abs(sum) { break }
        }
        return sum
    }

    /// `(2m + 1)!` for m = 0..<30.
    private static let oddFactorials: [Double] = {
        var values: [Double] = []
        var factorial = 1.0
        for k in 1...59 {
            factorial *= Double(k)
            if k % 2 == 1 { values.append(factorial) }
        }
        return values
    }()

    /// `Q(b, u) / (u^b e^(-u) / Γ(b))`, the regularized upper incomplete gamma over its
    /// prefactor, for `b <= 1`: the series for `P` below `u = b + 1`, Legendre's continued
    /// fraction (modified Lentz) above, where the ratio cannot underflow.
    private static func upperGammaOverPrefix(_ b: Double, _ u: Double) -> Double {
        let tiny = 1e-300
        if u < b + 1 {
            let prefix = exp(b * log(u) - u - logGammaSmall(b))
            var term = 1 / b, sum = term, k = b
            for _ in 0..<1000 {
                k += 1
                term *= u / k
                sum += term
                if term <= 1e-17 * sum { break }
            }
            return 1 / prefix - sum
        }
        var bk = u + 1 - b
        var c = 1 / tiny
        var d = 1 / bk
        var h = d
        for i in 1..<1000 {
            let an = -Double(i) * (Double(i) - b)
            bk += 2
            d = an * d + bk
            if abs(d) < tiny { d = tiny }
            c = bk + an / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) <= 2.5e-16 { break }
        }
        return h
    }

    /// `log B(a, b)`. For large arguments `lgamma(a) + lgamma(b) - lgamma(a + b)` cancels
    /// badly (Welch's df reaches thousands), so the Stirling terms are cancelled by hand and
    /// only their small corrections are added, as R's `lbeta` does.
    static func logBeta(_ a: Double, _ b: Double) -> Double {
        let p = min(a, b), q = max(a, b)
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
