/// Agreement in order between two scorings, e.g. a proxy metric and the north-star metric
/// it stands in for: only the ranking matters when choosing which candidates to launch.
public enum RankCorrelation: Sendable {
    /// Kendall's tau-b (ties handled), nil when fewer than 2 pairs, a constant input or a NaN.
    /// Knight's O(n log n) algorithm, as SciPy uses, so long metric histories stay cheap.
    public static func kendallTauB(_ x: [Double], _ y: [Double]) -> Double? {
        precondition(x.count == y.count, "kendallTauB needs equal lengths, got \(x.count) and \(y.count)")
        let n = x.count
        guard n >= 2, !x.contains(where: \.isNaN), !y.contains(where: \.isNaN) else { return nil }
        // In (x, y) order, the discordant pairs are exactly the inversions of y.
        let order = (0..<n).sorted { x[$0] != x[$1] ? x[$0] < x[$1] : y[$0] < y[$1] }
        let sortedX = order.map { x[$0] }
        var sortedY = order.map { y[$0] }
        let tiedX = tiedPairs(sortedX) { $0 == $1 }
        let tiedBoth = tiedPairs(Array(zip(sortedX, sortedY))) { $0 == $1 }
        let discordant = MergeSortCounter.sortCountingInversions(&sortedY)
        let tiedY = tiedPairs(sortedY) { $0 == $1 }
        let total = n * (n - 1) / 2
        guard total > tiedX, total > tiedY else { return nil }
        let difference = Double(total - tiedX - tiedY + tiedBoth - 2 * discordant)
        let tau = difference / (Double(total - tiedX) * Double(total - tiedY)).squareRoot()
        return min(1, max(-1, tau))
    }

    /// Spearman's rho with average ranks for ties, nil when fewer than 2 pairs, a constant
    /// input or a NaN: Pearson's correlation of the ranks, as SciPy computes it.
    public static func spearman(_ x: [Double], _ y: [Double]) -> Double? {
        precondition(x.count == y.count, "spearman needs equal lengths, got \(x.count) and \(y.count)")
        guard x.count >= 2, !x.contains(where: \.isNaN), !y.contains(where: \.isNaN) else { return nil }
        let rx = averageRanks(x), ry = averageRanks(y)
        let center = Double(x.count + 1) / 2
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for i in rx.indices {
            let dx = rx[i] - center, dy = ry[i] - center
            sxy += dx * dy
            sxx += dx * dx
            syy += dy * dy
        }
        guard sxx > 0, syy > 0 else { return nil }
        return min(1, max(-1, sxy / (sxx * syy).squareRoot()))
    }

    /// Ranks from 1, ties sharing the mean of the ranks they span.
    static func averageRanks(_ values: [Double]) -> [Double] {
        let order = values.indices.sorted { values[$0] < values[$1] }
        var ranks = [Double](repeating: 0, count: values.count)
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count && values[order[end + 1]] == values[order[start]] { end += 1 }
            let rank = Double(start + end) / 2 + 1
            for i in start...end { ranks[order[i]] = rank }
            start = end + 1
        }
        return ranks
    }

    /// The number of pairs within runs of equal neighbours in an already sorted array.
    private static func tiedPairs<T>(_ sorted: [T], _ equal: (T, T) -> Bool) -> Int {
        var pairs = 0, run = 1
        for i in 1..<sorted.count {
            if equal(sorted[i], sorted[i - 1]) {
                run += 1
            } else {
                pairs += run * (run - 1) / 2
                run = 1
            }
        }
        return pairs + run * (run - 1) / 2
    }
}
