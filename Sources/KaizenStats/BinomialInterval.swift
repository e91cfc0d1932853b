/// Intervals for a binomial proportion. The normal (Wald) interval collapses to a point at
/// 0 or n successes, exactly the case of a guardrail that has not fired yet, so neither of
/// these uses it.
public enum BinomialInterval: Sendable {
    /// Wilson's score interval: close to nominal coverage and cheap, for dashboards and
    /// ranking. With no trials, [0, 1].
    public static func wilson(successes: Int, trials: Int, confidence: Double = 0.95) -> ProportionInterval {
        check(successes: successes, trials: trials, confidence: confidence)
        guard trials > 0 else { return ProportionInterval(estimate: .nan, low: 0, high: 1) }
        let n = Double(trials)
        let phat = Double(successes) / n
        let z = -Distributions.normalQuantile((1 - confidence) / 2)
        let z2 = z * z
        let denominator = 1 + z2 / n
        let center = (phat + z2 / (2 * n)) / denominator
        let half = z / denominator * (phat * (1 - phat) / n + z2 / (4 * n * n)).squareRoot()
        return ProportionInterval(
            estimate: phat,
            low: successes == 0 ? 0 : max(0, center - half),
            high: successes == trials ? 1 : min(1, center + half))
    }

    /// Clopper–Pearson's exact interval: coverage is at least the confidence level for every
    /// true rate, which is what a guardrail that must never be optimistic needs. With no
    /// trials, [0, 1].
    public static func clopperPearson(successes: Int, trials: Int, confidence: Double = 0.95) -> ProportionInterval {
        check(successes: successes, trials: trials, confidence: confidence)
        guard trials > 0 else { return ProportionInterval(estimate: .nan, low: 0, high: 1) }
        let k = Double(successes), n = Double(trials)
        let tail = (1 - confidence) / 2
        let low = successes == 0 ? 0 : betaQuantile(tail, k, n - k + 1)
        let high = successes == trials ? 1 : betaQuantile(1 - tail, k + 1, n - k)
        return ProportionInterval(estimate: k / n, low: low, high: high)
    }

    /// The `p` quantile of Beta(a, b) by bisection on the incomplete beta, which is monotone,
    /// so it cannot fail; it runs until the bracket is a few ulps wide, tiny quantiles included.
    static func betaQuantile(_ p: Double, _ a: Double, _ b: Double) -> Double {
        var low = 0.0, high = 1.0
        for _ in 0..<2000 {
            let mid = 0.5 * (low + high)
            if mid <= low || mid >= high || high - low <= 1e-16 * high { break }
            if Distributions.regularizedIncompleteBeta(a, b, mid) < p { low = mid } else { high = mid }
        }
        return 0.5 * (low + high)
    }

    private static func check(successes: Int, trials: Int, confidence: Double) {
        precondition(trials >= 0 && successes >= 0 && successes <= trials, "need 0 <= successes (\(successes)) <= trials (\(trials))")
        precondition(confidence > 0 && confidence < 1, "confidence must lie in (0, 1), got \(confidence)")
    }
}
