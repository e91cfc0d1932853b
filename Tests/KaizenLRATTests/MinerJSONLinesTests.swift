import Foundation
import KaizenCore
import Testing

@testable import KaizenLRAT

/// One realistic log in `kaizen.trajectory.v1`, parsed by the real parser, mined with the
/// paper's settings: every positive, negative, weight and count is checked.
@Suite struct MinerJSONLinesTests {
    /// t1 succeeds. Step 2 browses before any search; under q1 it opens d2 (relevant, 10
    /// tokens), d9 (not a result), d1 (useful, 20 tokens) and d2 again; under q2 it opens d7
    /// (judged "not relevant", 7 words, no tokens field) and d6 (helps, 40 tokens).
    /// t2 fails and t3 has no outcome: both are filtered out by default.
    static let lines = [
        #"{"schema":"kaizen.trajectory.v1","trajectory":"t1","step":1,"type":"task","text":"When was the bridge built?"}"#,
        #"{"schema":"kaizen.trajectory.v1","trajectory":"t1","step":2,"type":"browse","doc":"d0"}"#,
        #"{"schema":"kaizen.trajectory.v1","trajectory":"t1","step":3,"type":"search","query":"q1","results":[{"doc":"d1","rank":1,"score":9.5},{"doc":"d2","rank":2,"score":8.1},{"doc":"d3","rank":3},{"doc":"d4","rank":4}]}"#,
        #"{"schema":"kaizen.trajectory.v1","trajectory":"t1","step":4,"type":"browse","doc":"d2"}"#,
        #"{"schema":"kaizen.trajectory.v1","trajectory":"t1","step":5,"type":"reason","text":"The page is relevant and answers part of the question.","tokens":10}"#,
        #"{"schema":"kaizen.trajectory.v1","trajectory":"t1","step":6,"type":"browse","doc":"d9"}"#,
        #"{"schema":"kaizen.trajectory.v1","trajectory":"t1","step":7,"type":"browse","doc":"d1"}"#,
        #"{"schema":"kaizen.trajectory.v1","trajectory":"t1","step":8,"type":"reason","text":"Useful: it confirms the construction year.","tokens":20}"#,
        #"{"schema":"kaizen.trajectory.v1","trajectory":"t1","step":9,"type":"browse","doc":"d2"}"#,
        #"{"schema":"kaizen.trajectory.v1","trajectory":"t1","step":10,"type":"search","query":"q2","results":[{"doc":"d5","rank":1},{"doc":"d6","rank":2},{"doc":"d7","rank":3}]}"#,
        #"{"schema":"kaizen.trajectory.v1","trajectory":"t1","step":11,"type":"browse","doc":"d7"}"#,
        #"{"schema":"kaizen.trajectory.v1","trajectory":"t1","step":12,"type":"reason","text":"This is not relevant to the question"}"#,
        #"{"schema":"kaizen.trajectory.v1","trajectory":"t1","step":13,"type":"browse","doc":"d6"}"#,
        #"{"schema":"kaizen.trajectory.v1","trajectory":"t1","step":14,"type":"reason","text":"It helps: the table lists the opening date.","tokens":40}"#,
        #"{"schema":"kaizen.trajectory.v1","trajectory":"t1","step":15,"type":"answer","text":"1932"}"#,
        #"{"schema":"kaizen.trajectory.v1","trajectory":"t1","step":16,"type":"outcome","success":true,"metrics":{"f1":1}}"#,
        #"{"schema":"kaizen.trajectory.v1","trajectory":"t2","step":1,"type":"search","query":"q3","results":[{"doc":"e1","rank":1},{"doc":"e2","rank":2}]}"#,
        #"{"schema":"kaizen.trajectory.v1","trajectory":"t2","step":2,"type":"browse","doc":"e1"}"#,
        #"{"schema":"kaizen.trajectory.v1","trajectory":"t2","step":3,"type":"outcome","success":false}"#,
        #"{"schema":"kaizen.trajectory.v1","trajectory":"t3","step":1,"type":"search","query":"q4","results":[{"doc":"f1","rank":1}]}"#,
        #"{"schema":"kaizen.trajectory.v1","trajectory":"t3","step":2,"type":"browse","doc":"f1"}"#,
    ]

    static func events() throws -> [TrajectoryEvent] {
        try lines.enumerated().map { index, line in try TrajectoryEvent.parse(line: line, number: index + 1) }
    }

    // Hand-computed weights: β = median(10, 20, 40) = 20, s(l) = 1 - 2^(-l/20).
    static let s10 = 1 - pow(2, -0.5)
    static let s20 = 0.5
    static let s40 = 0.75
    static let mu = (s10 + s20 + s40) / 3

    @Test func minesPositivesNegativesAndWeights() async throws {
        let (pairs, _) = try await Miner().mine(Self.events())
        #expect(pairs.map(\.query) == ["q1", "q1", "q2"])
        #expect(pairs.map(\.positive) == ["d2", "d1", "d6"])
        // d7 was browsed, so even though the judge dropped it, it is no negative of q2.
        #expect(pairs.map(\.negatives) == [["d3", "d4"], ["d3", "d4"], ["d5"]])
        #expect(pairs.map(\.trajectory) == ["t1", "t1", "t1"])
        #expect(pairs.map(\.searchStep) == [3, 3, 10])
        #expect(pairs.map(\.reasoningTokens) == [10, 20, 40])
        let expected = [Self.s10 / Self.mu, Self.s20 / Self.mu, Self.s40 / Self.mu]
        #expect(abs(expected[0] - 0.5695012757370841) < 1e-12)
        for (weight, want) in zip(pairs.map(\.weight), expected) { #expect(abs(weight - want) < 1e-12) }
        let meanWeight = pairs.map(\.weight).reduce(0, +) / 3
        #expect(abs(meanWeight - 1) < 1e-12)
    }

    @Test func reportCountsAndQuantiles() async throws {
        let (_, report) = try await Miner().mine(Self.events())
        #expect(report.trajectoriesSeen == 3)
        #expect(report.trajectoriesUsed == 1)
        #expect(report.skippedEvents == 0)
        #expect(report.searches == 2)
        #expect(report.browses == 7)
        #expect(report.browsesOutsideResults == 1)
        #expect(report.browsesWithoutSearch == 1)
        #expect(report.repeatedBrowses == 1)
        #expect(report.positives == 4)
        #expect(report.positivesWithReasoning == 4)
        #expect(report.keptByJudge == 3)
        #expect(report.droppedByJudge == 1)
        #expect(report.notJudged == 0)
        #expect(report.negatives == 3)
        #expect(report.negativesAttached == 3)
        #expect(report.pairs == 3)
        #expect(report.reasonedPairs == 3)
        #expect(report.weighting?.beta == 20)
        #expect(abs((report.weighting?.meanScore ?? 0) - Self.mu) < 1e-12)

        let w = [Self.s10 / Self.mu, Self.s20 / Self.mu, Self.s40 / Self.mu]
        let summary = try #require(report.weights)
        #expect(abs(summary.min - w[0]) < 1e-12)
        #expect(abs(summary.p25 - (w[0] + w[1]) / 2) < 1e-12)  // position 0.5 of 0...2
        #expect(abs(summary.median - w[1]) < 1e-12)
        #expect(abs(summary.p75 - (w[1] + w[2]) / 2) < 1e-12)
        #expect(abs(summary.max - w[2]) < 1e-12)

        #expect(
            report.lines == [
                "trajectories: 3 seen, 1 used (successful only)",
                "searches: 2; browses: 7 (1 outside results, 1 before any search, 1 repeated)",
                "positives: 4 (4 with reasoning); judge kept 3, dropped 1, 0 without reasoning",
                "negatives: 3 unbrowsed results (3 attached to pairs)",
                "pairs: 3",
                "weights: min 0.570, p25 0.771, median 0.972, p75 1.215, max 1.458 (beta 20.000 tokens over 3 reasoned pairs)",
            ])
        #expect(report.description == report.lines.joined(separator: "\n"))
    }

    @Test func reasoningWithoutTokensFieldCountsWords() async throws {
        // Judge off keeps d7, whose reasoning has no `tokens`: its 7 words are its length.
        let (pairs, report) = try await Miner(settings: MiningSettings(useJudge: false)).mine(Self.events())
        #expect(pairs.map(\.positive) == ["d2", "d1", "d7", "d6"])
        #expect(pairs.map(\.reasoningTokens) == [10, 20, 7, 40])
        #expect(report.weighting?.beta == 15)  // median of 7, 10, 20, 40
        #expect(report.notJudged == 4 && report.keptByJudge == 0 && report.droppedByJudge == 0)
        // With d7 kept, q2's only negative is still d5.
        #expect(pairs[2].negatives == ["d5"] && pairs[3].negatives == ["d5"])
    }

    @Test func inputOrderDoesNotMatter() async throws {
        let events = try Self.events()
        var generator = SeededGenerator(seed: 7)
        let (ordered, orderedReport) = try await Miner().mine(events)
        for _ in 0..<5 {
            let (shuffled, shuffledReport) = try await Miner().mine(events.shuffled(using: &generator))
            #expect(shuffled == ordered)
            #expect(shuffledReport == orderedReport)
        }
    }

    @Test func successFilterOffMinesEveryTrajectory() async throws {
        let (pairs, report) = try await Miner(settings: MiningSettings(successOnly: false)).mine(Self.events())
        #expect(report.trajectoriesUsed == 3)
        #expect(pairs.map(\.positive) == ["d2", "d1", "d6", "e1", "f1"])
        #expect(pairs.map(\.negatives) == [["d3", "d4"], ["d3", "d4"], ["d5"], ["e2"], []])
        // e1 and f1 have no reasoning: weight 1; β, μ and the others are as before.
        #expect(pairs[3].weight == 1 && pairs[4].weight == 1)
        #expect(abs(pairs[0].weight - Self.s10 / Self.mu) < 1e-12)
        #expect(report.reasonedPairs == 3 && report.notJudged == 2)
        #expect(report.negatives == 4 && report.negativesAttached == 4)
        #expect(report.lines[0] == "trajectories: 3 seen, 3 used (success filter off)")
    }
}
