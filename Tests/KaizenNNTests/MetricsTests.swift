import Testing

@testable import KaizenNN

@Suite struct MetricsTests {
    @Test func aucCountsTiesAsHalf() {
        // Positives 0.4 and 0.8 against negatives 0.1, 0.35, 0.4:
        // 0.4 beats two and ties one (2.5), 0.8 beats three: 5.5 of 6 pairs.
        let auc = Metrics.auc(scores: [0.1, 0.4, 0.35, 0.8, 0.4], labels: [false, true, false, true, false])
        #expect(abs(auc - 5.5 / 6) < 1e-12)
        #expect(Metrics.auc(scores: [1, 2, 3, 4], labels: [false, false, true, true]) == 1)
        #expect(Metrics.auc(scores: [4, 3, 2, 1], labels: [false, false, true, true]) == 0)
        #expect(Metrics.auc(scores: [7, 7, 7, 7], labels: [true, false, true, false]) == 0.5)
        #expect(Metrics.auc(scores: [1, 2], labels: [true, true]).isNaN)
        #expect(Metrics.auc(scores: [.nan, 2], labels: [true, false]).isNaN)
    }

    @Test func ndcgOnATinyExample() {
        // Group 0 ranks gains [0, 1, 2]: DCG@2 = 1/log2(3), ideal = 2 + 1/log2(3).
        // Group 1 ranks gains [0, 1]:    DCG@2 = 1/log2(3), ideal = 1.
        // Group 2 has no positive gain and is skipped.
        let scores: [Float] = [3, 2, 1, 0.5, 0.9, 5, 4]
        let gains: [Float] = [0, 1, 2, 1, 0, 0, 0]
        let groups = [0, 0, 0, 1, 1, 2, 2]
        let d = 1 / log2(3.0)
        let expected = ((d / (2 + d)) + d) / 2
        #expect(abs(Metrics.ndcg(at: 2, scores: scores, gains: gains, groups: groups) - expected) < 1e-12)
        #expect(abs(expected - 0.4353711100697945) < 1e-12)
        // Groups need not be contiguous.
        let shuffled = [6, 0, 3, 5, 1, 4, 2]
        let ndcg = Metrics.ndcg(at: 2, scores: shuffled.map { scores[$0] }, gains: shuffled.map { gains[$0] }, groups: shuffled.map { groups[$0] })
        #expect(abs(ndcg - expected) < 1e-12)
        // A perfect ranking scores 1.
        #expect(Metrics.ndcg(at: 10, scores: [3, 2, 1], gains: [2, 1, 0], groups: [0, 0, 0]) == 1)
        #expect(Metrics.ndcg(at: 3, scores: [1, 2], gains: [0, 0], groups: [0, 0]).isNaN)
    }

    @Test func ndcgGivesTiesTheirExpectedOrder() {
        // Two tied items with gains 1 and 0: either order is equally likely.
        #expect(abs(Metrics.ndcg(at: 2, scores: [1, 1], gains: [1, 0], groups: [0, 0]) - 0.5 * (1 + 1 / log2(3.0))) < 1e-12)
        #expect(abs(Metrics.ndcg(at: 1, scores: [1, 1], gains: [0, 1], groups: [0, 0]) - 0.5) < 1e-12)
    }

    @Test func kendallTauOnHandExamples() {
        #expect(abs(Metrics.kendallTau([1, 2, 3], [1, 3, 2]) - 1.0 / 3) < 1e-12)
        #expect(Metrics.kendallTau([1, 2, 3, 4], [10, 20, 30, 40]) == 1)
        #expect(Metrics.kendallTau([1, 2, 3, 4], [4, 3, 2, 1]) == -1)
        // tau-b with ties: a = [1, 1, 2], b = [1, 2, 2]: one concordant pair, no discordant,
        // one tie in each; tau_b = 1 / sqrt(2 * 2).
        #expect(abs(Metrics.kendallTau([1, 1, 2], [1, 2, 2]) - 0.5) < 1e-12)
        #expect(Metrics.kendallTau([1, 1, 1], [1, 2, 3]).isNaN)
    }

    /// The O(n^2) definition: (concordant - discordant) / sqrt((n0 - n1)(n0 - n2)).
    static func referenceTau(_ a: [Float], _ b: [Float]) -> Double {
        var concordant = 0, discordant = 0, tiesA = 0, tiesB = 0
        let n = a.count
        for i in 0..<n {
            for j in (i + 1)..<n {
                let da = a[i] - a[j], db = b[i] - b[j]
                if da == 0 { tiesA += 1 }
                if db == 0 { tiesB += 1 }
                if da == 0 || db == 0 { continue }
                if (da > 0) == (db > 0) { concordant += 1 } else { discordant += 1 }
            }
        }
        let n0 = n * (n - 1) / 2
        return Double(concordant - discordant) / (Double(n0 - tiesA) * Double(n0 - tiesB)).squareRoot()
    }

    @Test func kendallTauMatchesTheQuadraticDefinitionWithTies() {
        var rng = TestRandom(17)
        for (n, levels) in [(2, 3), (7, 2), (300, 5), (600, 40)] {
            let a = (0..<n).map { _ in Float(rng.int(levels)) }
            // Correlated with a, with its own ties.
            let b = a.map { ($0 + Float(rng.int(levels))).rounded() }
            let fast = Metrics.kendallTau(a, b)
            let slow = Self.referenceTau(a, b)
            #expect(abs(fast - slow) < 1e-12 || (fast.isNaN && slow.isNaN), "n=\(n): \(fast) vs \(slow)")
        }
    }

    @Test func kendallTauHandlesAHundredThousandPoints() {
        var rng = TestRandom(5)
        let n = 100_000
        let a = (0..<n).map { _ in Float(rng.int(1000)) }
        let b = a.map { $0 + Float(rng.gaussian() * 300) }
        let clock = ContinuousClock()
        let start = clock.now
        let tau = Metrics.kendallTau(a, b)
        let elapsed = clock.now - start
        #expect(tau > 0.5 && tau < 1)
        // O(n^2) would be 5e9 pair visits; n log n finishes in well under this even in debug.
        #expect(elapsed < .seconds(5), "took \(elapsed)")
    }

    @Test func logLossByHand() {
        let value = Metrics.logLoss(probabilities: [0.9, 0.2], targets: [1, 0])
        #expect(abs(value - 0.164252033486018) < 1e-6)
        // Clamped: a certain mistake is large but finite.
        let clamped = Metrics.logLoss(probabilities: [0], targets: [1])
        #expect(clamped.isFinite && clamped > 15)
        // Soft targets.
        #expect(abs(Metrics.logLoss(probabilities: [0.5], targets: [0.3]) - log(2.0)) < 1e-6)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
