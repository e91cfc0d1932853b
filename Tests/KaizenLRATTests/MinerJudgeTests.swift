import KaizenCore
import Testing

@testable import KaizenLRAT

/// The judge drops explicit rejections, keeps the rest, and is asked only about positives
/// that have reasoning.
@Suite struct MinerJudgeTests {
    static func trajectory(reasoning: String) -> [TrajectoryEvent] {
        var t = TrajectoryBuilder("t")
        t.search("when was the bridge built", ["a", "b", "c"])
        t.browse("b")
        t.reason(reasoning)
        t.outcome(true)
        return t.events
    }

    @Test func explicitNegativeDropsThePairWithoutMakingItANegative() async throws {
        let (pairs, report) = try await Miner().mine(Self.trajectory(reasoning: "This is not relevant to the question"))
        #expect(pairs.isEmpty)
        #expect(report.positives == 1 && report.droppedByJudge == 1 && report.keptByJudge == 0 && report.pairs == 0)
        // b was browsed: the unbrowsed results are a and c only.
        #expect(report.negatives == 2 && report.negativesAttached == 0)
    }

    @Test func doubleNegationKeepsThePair() async throws {
        let (pairs, report) = try await Miner().mine(Self.trajectory(reasoning: "The page is not irrelevant: it gives the year."))
        #expect(pairs.map(\.positive) == ["b"])
        #expect(pairs[0].negatives == ["a", "c"])
        #expect(pairs[0].reasoningTokens == 9)
        #expect(report.keptByJudge == 1 && report.droppedByJudge == 0)
    }

    @Test func judgeOffKeepsEvenRejectedPairs() async throws {
        let miner = Miner(settings: MiningSettings(useJudge: false), judge: RefusingJudge())
        let (pairs, report) = try await miner.mine(Self.trajectory(reasoning: "This is not relevant to the question"))
        #expect(pairs.map(\.positive) == ["b"])
        #expect(pairs[0].reasoningTokens == 7 && pairs[0].weight == 1)
        #expect(report.notJudged == 1 && report.keptByJudge == 0)
        #expect(report.lines.contains("positives: 1 (1 with reasoning); judge off"))
    }

    @Test func judgeErrorsPropagate() async throws {
        await #expect(throws: RefusingJudge.Asked(reasoning: "Helps.")) {
            try await Miner(judge: RefusingJudge()).mine(Self.trajectory(reasoning: "Helps."))
        }
    }

    @Test func customJudgeGetsQueryDocAndReasoningAndOnlyNotRelevantDrops() async throws {
        var t = TrajectoryBuilder("t")
        t.search("q", ["a", "b", "c", "d"])
        t.browse("a")
        t.reason("first look")
        t.browse("b")
        t.reason("second look")
        t.browse("c")  // no reasoning: the judge is not asked
        t.outcome(true)
        let judge = ScriptedJudge(verdicts: ["a": .notRelevant, "b": .unclear])
        let (pairs, report) = try await Miner(judge: judge).mine(t.events)
        #expect(await judge.log.calls == ["q|a|first look", "q|b|second look"])
        #expect(pairs.map(\.positive) == ["b", "c"])
        #expect(pairs.map(\.negatives) == [["d"], ["d"]])
        #expect(report.droppedByJudge == 1 && report.keptByJudge == 1 && report.notJudged == 1)
        // Only b is reasoned (2 words): it alone sets β, so its weight is 1; c has none.
        #expect(pairs.map(\.weight) == [1, 1])
        #expect(report.reasonedPairs == 1 && report.weighting?.beta == 2)
    }
}
