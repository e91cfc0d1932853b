import Foundation
import KaizenCore
import Testing

@testable import KaizenLRAT

/// The weight formula alone, and weights in mined pairs.
@Suite struct WeightsTests {
    @Test func medianBetaAndNormalizedScores() throws {
        // β = median(10, 20, 40) = 20; s = 1 - 2^(-l/β).
        let s = [1 - pow(2, -0.5), 0.5, 0.75]
        let mu = (s[0] + s[1] + s[2]) / 3
        let weights = LRATWeights.weights(tokenCounts: [10, 20, 40])
        #expect(weights.count == 3)
        for (weight, score) in zip(weights, s) { #expect(abs(weight - score / mu) < 1e-12) }
        #expect(abs(weights.reduce(0, +) / 3 - 1) < 1e-12)
        let fitted = try #require(LRATWeights(reasoningTokenCounts: [40, 10, 20]))
        #expect(fitted.beta == 20)
        #expect(abs(fitted.meanScore - mu) < 1e-12)
        #expect(abs(LRATWeights.score(tokens: 20, beta: 20) - 0.5) < 1e-15)
    }

    @Test func pairsWithoutReasoningWeighOneAndDoNotEnterTheFit() {
        let weights = LRATWeights.weights(tokenCounts: [10, nil, 20, 40, nil])
        let plain = LRATWeights.weights(tokenCounts: [10, 20, 40])
        #expect(weights[1] == 1 && weights[4] == 1)
        #expect(weights[0] == plain[0] && weights[2] == plain[1] && weights[3] == plain[2])
        #expect(LRATWeights.weights(tokenCounts: [nil, nil]) == [1, 1])
        #expect(LRATWeights.weights(tokenCounts: []) == [])
        #expect(LRATWeights(reasoningTokenCounts: []) == nil)
    }

    @Test func evenCountTakesTheMeanOfTheMiddleTwo() {
        // β = (10 + 30) / 2 = 20: s = 1 - 2^-0.5 and 1 - 2^-1.5.
        let s = [1 - pow(2, -0.5), 1 - pow(2, -1.5)]
        let mu = (s[0] + s[1]) / 2
        let weights = LRATWeights.weights(tokenCounts: [30, 10])
        #expect(abs(weights[0] - s[1] / mu) < 1e-12)
        #expect(abs(weights[1] - s[0] / mu) < 1e-12)
    }

    @Test func zeroBetaMeansEveryScoreIsOne() {
        #expect(LRATWeights.weights(tokenCounts: [0, 0, 5]) == [1, 1, 1])
        #expect(LRATWeights.weights(tokenCounts: [0]) == [1])
        // β = (0 + 10) / 2 = 5 > 0: empty reasoning scores 0, 10 tokens 1 - 2^-2 = 0.75.
        let weights = LRATWeights.weights(tokenCounts: [0, 10])
        #expect(weights[0] == 0)
        #expect(abs(weights[1] - 0.75 / 0.375) < 1e-12)
    }

    @Test func meanWeightOfReasonedPairsIsOne() {
        let counts: [Int?] = [3, 17, 17, 250, 1, 64, nil, 9, 1200]
        let weights = LRATWeights.weights(tokenCounts: counts)
        let reasoned = zip(counts, weights).filter { $0.0 != nil }.map(\.1)
        #expect(reasoned.count == 8)
        #expect(abs(reasoned.reduce(0, +) / 8 - 1) < 1e-12)
        // Longer reasoning never weighs less.
        let sorted = zip(counts, weights).compactMap { c, w in c.map { ($0, w) } }.sorted { $0.0 < $1.0 }
        #expect(zip(sorted, sorted.dropFirst()).allSatisfy { $0.1 <= $1.1 })
    }

    @Test func weightsOffMakesEveryMinedWeightOne() async throws {
        var t = TrajectoryBuilder("t")
        t.search("q", ["a", "b", "c", "d"])
        t.browse("a")
        t.reason("relevant", tokens: 10)
        t.browse("b")
        t.reason("useful", tokens: 20)
        t.browse("c")
        t.reason("confirms it", tokens: 40)
        t.outcome(true)
        let (weighted, _) = try await Miner().mine(t.events)
        #expect(abs(weighted[0].weight - (1 - pow(2, -0.5)) / ((1 - pow(2, -0.5) + 0.5 + 0.75) / 3)) < 1e-12)
        let (pairs, report) = try await Miner(settings: MiningSettings(useWeights: false)).mine(t.events)
        #expect(pairs.map(\.weight) == [1, 1, 1])
        #expect(pairs.map(\.reasoningTokens) == [10, 20, 40])
        #expect(report.weighting == nil && report.reasonedPairs == 3)
        #expect(report.weights == WeightSummary(min: 1, p25: 1, median: 1, p75: 1, max: 1))
        #expect(report.lines.last == "weights: min 1.000, p25 1.000, median 1.000, p75 1.000, max 1.000 (weights off)")
    }

    @Test func quantilesInterpolateBetweenOrderStatistics() throws {
        let summary = try #require(WeightSummary([4, 1, 3, 2, 10]))
        #expect(summary == WeightSummary(min: 1, p25: 2, median: 3, p75: 4, max: 10))
        let four = try #require(WeightSummary([1, 2, 3, 4]))
        // Positions 0.75, 1.5, 2.25 of 0...3.
        #expect(four == WeightSummary(min: 1, p25: 1.75, median: 2.5, p75: 3.25, max: 4))
        #expect(WeightSummary([7]) == WeightSummary(min: 7, p25: 7, median: 7, p75: 7, max: 7))
        #expect(WeightSummary([]) == nil)
    }
}
