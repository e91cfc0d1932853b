/// Summary statistics for the tests here. Metric values can sit far from zero (latencies,
/// revenue), where the textbook `Σx² - n·mean²` cancels to garbage, hence two passes.
public enum Sample {
    /// The mean, with a second pass that adds back the rounding error of the first.
    /// NaN for an empty sample.
    public static func mean(_ x: [Double]) -> Double {
        guard !x.isEmpty else { return .nan }
        let n = Double(x.count)
        let first = x.reduce(0, +) / n
        let residual = x.reduce(0) { $0 + ($1 - first) } / n
        return first + residual
    }

    /// The unbiased (n - 1) variance by the corrected two-pass algorithm. NaN below two values.
    public static func variance(_ x: [Double]) -> Double {
        guard x.count >= 2 else { return .nan }
        let m = mean(x)
        var squares = 0.0, sum = 0.0
        for value in x {
            let d = value - m
            squares += d * d
            sum += d
        }
        let n = Double(x.count)
        return max(0, (squares - sum * sum / n) / (n - 1))
    }
}
