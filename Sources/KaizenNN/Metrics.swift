#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Proxy metrics on model scores (higher = more relevant). Undefined values (an AUC without
/// both classes, an NDCG without any group with a positive gain, a tau with a constant
/// input, NaN scores) are `Double.nan`, so a trainer reports them rather than a made-up number.
public enum Metrics {
    /// ROC AUC by the Mann–Whitney rank sum; tied scores get their average rank, so a tie
    /// between a positive and a negative counts one half.
    public static func auc(scores: [Float], labels: [Bool]) -> Double {
        let n = scores.count
        precondition(labels.count == n, "auc: \(labels.count) labels for \(n) scores")
        if scores.contains(where: \.isNaN) { return .nan }
        let positives = labels.reduce(0) { $0 + ($1 ? 1 : 0) }
        let negatives = n - positives
        guard positives > 0, negatives > 0 else { return .nan }
        let order = (0..<n).sorted { scores[$0] < scores[$1] }
        var positiveRankSum: Double = 0
        var start = 0
        while start < n {
            var end = start + 1
            while end < n, scores[order[end]] == scores[order[start]] { end += 1 }
            // 1-based ranks start+1 ... end share their mean.
            let rank = Double(start + 1 + end) / 2
            for k in start..<end where labels[order[k]] { positiveRankSum += rank }
            start = end
        }
        let p = Double(positives)
        return (positiveRankSum - p * (p + 1) / 2) / (p * Double(negatives))
    }

    /// Mean over groups (e.g. users) of NDCG@k with linear gains and `1 / log2(rank + 1)`
    /// discounts. `groups[i]` is example i's group id; groups need not be contiguous. Groups
    /// whose gains are all zero are skipped. Tied scores get the expected DCG over all orders
    /// of the tie (each tied item's gain times the mean discount of the positions they share),
    /// so a constant scorer is not credited with the input order.
    public static func ndcg(at k: Int, scores: [Float], gains: [Float], groups: [Int]) -> Double {
        let n = scores.count
        precondition(gains.count == n && groups.count == n, "ndcg: scores, gains and groups differ in length")
        precondition(k > 0, "ndcg: k must be positive")
        if scores.contains(where: \.isNaN) { return .nan }
        let order = (0..<n).sorted {
            groups[$0] != groups[$1] ? groups[$0] < groups[$1] : scores[$0] > scores[$1]
        }
        var discounts = [Double](repeating: 0, count: k)
        for r in 0..<k { discounts[r] = 1 / log2(Double(r + 2)) }
        var total: Double = 0
        var counted = 0
        var start = 0
        var idealGains: [Float] = []
        while start < n {
            var end = start + 1
            while end < n, groups[order[end]] == groups[order[start]] { end += 1 }
            idealGains.removeAll(keepingCapacity: true)
            for r in start..<end { idealGains.append(gains[order[r]]) }
            idealGains.sort(by: >)
            var ideal: Double = 0
            for r in 0..<min(k, idealGains.count) { ideal += Double(idealGains[r]) * discounts[r] }
            if ideal > 0 {
                var dcg: Double = 0
                var tieStart = start
                while tieStart < end, tieStart - start < k {
                    var tieEnd = tieStart + 1
                    while tieEnd < end, scores[order[tieEnd]] == scores[order[tieStart]] { tieEnd += 1 }
                    var gainSum: Double = 0
                    for r in tieStart..<tieEnd { gainSum += Double(gains[order[r]]) }
                    var discountSum: Double = 0
                    for r in (tieStart - start)..<min(tieEnd - start, k) { discountSum += discounts[r] }
                    dcg += gainSum / Double(tieEnd - tieStart) * discountSum
                    tieStart = tieEnd
                }
                total += dcg / ideal
                counted += 1
            }
            start = end
        }
        return counted > 0 ? total / Double(counted) : .nan
    }

    /// Mean binary cross-entropy of probabilities against soft targets, probabilities clamped
    /// to [1e-7, 1 - 1e-7] so a confident mistake costs a large but finite amount.
    public static func logLoss(probabilities: [Float], targets: [Float]) -> Double {
        let n = probabilities.count
        precondition(targets.count == n, "logLoss: \(targets.count) targets for \(n) probabilities")
        guard n > 0 else { return .nan }
        var total: Double = 0
        for i in 0..<n {
            let p = min(max(Double(probabilities[i]), 1e-7), 1 - 1e-7)
            let t = Double(targets[i])
            total -= t * log(p) + (1 - t) * log(1 - p)
        }
        return total / Double(n)
    }
}
