/// Five-number summary of pair weights, so a run can show at a glance how much weighting
/// spreads the pairs. Quantiles interpolate linearly between order statistics (the common
/// "type 7" definition, NumPy's default), so they are reproducible elsewhere.
public struct WeightSummary: Sendable, Hashable, Codable {
    public var min: Double
    public var p25: Double
    public var median: Double
    public var p75: Double
    public var max: Double

    public init(min: Double, p25: Double, median: Double, p75: Double, max: Double) {
        self.min = min
        self.p25 = p25
        self.median = median
        self.p75 = p75
        self.max = max
    }

    /// The summary of `values`; nil when empty.
    public init?(_ values: [Double]) {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        self.init(
            min: sorted[0], p25: Self.quantile(sorted, 0.25), median: Self.quantile(sorted, 0.5),
            p75: Self.quantile(sorted, 0.75), max: sorted[sorted.count - 1])
    }

    /// The `p` quantile of ascending, non-empty `sorted`.
    static func quantile(_ sorted: [Double], _ p: Double) -> Double {
        let position = p * Double(sorted.count - 1)
        let lower = Int(position.rounded(.down))
        let fraction = position - Double(lower)
        guard fraction > 0, lower + 1 < sorted.count else { return sorted[lower] }
        return sorted[lower] + fraction * (sorted[lower + 1] - sorted[lower])
    }
}
