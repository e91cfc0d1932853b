/// Summary statistics for the tests here. Metric values can sit far from zero (latencies,
/// revenue), where the textbook `Σx² - n·mean²` cancels to garbage, hence two passes.
public enum Sample: Sendable {
    /// The mean, with a second pass that adds back the rounding error of the first.
    /// NaN for an empty sample.
    public static func mean(_ x: [Double]) -> Double {
        x.withUnsafeBufferPointer { mean($0) }
    }

    /// The unbiased (n - 1) variance by the corrected two-pass algorithm. NaN below two values.
    public static func variance(_ x: [Double]) -> Double {
        meanAndVariance(x).variance
    }

    /// Both at once, for the tests, which need both for each arm at every look. The mean is
    /// of `x - shift`: two arms shifted by the same value near their data (a latency of 1e6 ms
    /// with effects of 0.1) give a difference of means that keeps every digit, where the
    /// rounded means themselves are only good to 1e-10 there.
    static func meanAndVariance(_ x: [Double], shift: Double = 0) -> (mean: Double, variance: Double) {
        x.withUnsafeBufferPointer { values in
            let m = mean(values, shift: shift)
            guard values.count >= 2 else { return (m, .nan) }
            var squares = 0.0, sum = 0.0
            for value in values {
                let d = (value - shift) - m
                squares += d * d
                sum += d
            }
            let n = Double(values.count)
            return (m, max(0, (squares - sum * sum / n) / (n - 1)))
        }
    }

    private static func mean(_ values: UnsafeBufferPointer<Double>, shift: Double = 0) -> Double {
        guard !values.isEmpty else { return .nan }
        let n = Double(values.count)
        var sum = 0.0
        for value in values { sum += value - shift }
        let first = sum / n
        var residual = 0.0
        for value in values { residual += (value - shift) - first }
        return first + residual / n
    }
}
