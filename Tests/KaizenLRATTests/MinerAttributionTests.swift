import KaizenCore
import Testing

@testable import KaizenLRAT

/// Which browses become positives, for which search, and what is left as negatives.
/// Trajectories here succeed and have no reasoning, so every weight is 1 and the judge is
/// not involved (the refusing judge would fail the test if asked).
@Suite struct MinerAttributionTests {
    let miner = Miner(judge: RefusingJudge())

    @Test func browseOutsideResultsIsNoPositiveAndLeavesResultsNegative() async throws {
        var t = TrajectoryBuilder("t")
        t.search("bridge history", ["a", "b", "c"])
        t.browse("z")
        t.browse("b")
        t.outcome(true)
        let (pairs, report) = try await miner.mine(t.events)
        #expect(pairs == [MinedPair(query: "bridge history", positive: "b", negatives: ["a", "c"], weight: 1, trajectory: "t", searchStep: 1, reasoningTokens: nil)])
        #expect(report.browses == 2 && report.browsesOutsideResults == 1 && report.positives == 1)
        #expect(report.negatives == 2)
    }

    @Test func browseBeforeAnySearchIsNoPositive() async throws {
        var t = TrajectoryBuilder("t")
        t.task("find the year")
        t.browse("a")
        t.search("q", ["a", "b"])
        t.outcome(true)
        let (pairs, report) = try await miner.mine(t.events)
        #expect(pairs.isEmpty)
        #expect(report.browses == 1 && report.browsesWithoutSearch == 1 && report.browsesOutsideResults == 0)
        // The earlier browse does not count as browsing a result of the later search.
        #expect(report.negatives == 2 && report.negativesAttached == 0)
        #expect(report.weights == nil)
    }

    @Test func browseBelongsToTheLatestSearch() async throws {
        var t = TrajectoryBuilder("t")
        t.search("q1", ["a", "b"])  // step 1
        t.browse("b")
        t.search("q2", ["a", "c"])  // step 3
        t.browse("a")  // a positive for q2 only, though q1 returned it too
        t.browse("b")  // q2 did not return b: outside results
        t.outcome(true)
        let (pairs, report) = try await miner.mine(t.events)
        #expect(
            pairs == [
                MinedPair(query: "q1", positive: "b", negatives: ["a"], weight: 1, trajectory: "t", searchStep: 1, reasoningTokens: nil),
                MinedPair(query: "q2", positive: "a", negatives: ["c"], weight: 1, trajectory: "t", searchStep: 3, reasoningTokens: nil),
            ])
        #expect(report.searches == 2 && report.browsesOutsideResults == 1 && report.positives == 2)
    }

    @Test func repeatedBrowseIsOnePositiveAndTheFirstReasoningCounts() async throws {
        var t = TrajectoryBuilder("t")
        t.search("q", ["a", "b", "c"])
        t.browse("a")
        t.reason("relevant", tokens: 5)
        t.browse("a")
        t.reason("This is not relevant after all")
        t.browse("a")
        t.outcome(true)
        let (pairs, report) = try await Miner().mine(t.events)
        #expect(pairs.map(\.positive) == ["a"])
        #expect(pairs[0].negatives == ["b", "c"])
        #expect(pairs[0].reasoningTokens == 5)
        #expect(pairs[0].weight == 1)  // the only reasoned pair: s = 1/2 = μ
        #expect(report.browses == 3 && report.repeatedBrowses == 2 && report.positives == 1)
        #expect(report.keptByJudge == 1 && report.droppedByJudge == 0)
    }

    @Test func sameDocUnderTwoSearchesIsTwoPairs() async throws {
        var t = TrajectoryBuilder("t")
        t.search("q", ["a", "b"])
        t.browse("a")
        t.search("q", ["a", "c"])
        t.browse("a")
        t.outcome(true)
        let (pairs, report) = try await miner.mine(t.events)
        #expect(pairs.map(\.positive) == ["a", "a"])
        #expect(pairs.map(\.negatives) == [["b"], ["c"]])
        #expect(pairs.map(\.searchStep) == [1, 3])
        #expect(report.repeatedBrowses == 0)
    }

    @Test func negativesFollowRankAndResultsAreDeduplicated() async throws {
        let results: JSONValue = [
            ["doc": "c", "rank": 3], ["doc": "a", "rank": 1], ["doc": "b", "rank": 2], ["doc": "a", "rank": 4],
        ]
        let events = [
            TrajectoryEvent(trajectory: "t", step: 1, kind: .search, fields: ["query": "q", "results": results]),
            TrajectoryEvent(trajectory: "t", step: 2, kind: .browse, fields: ["doc": "b"]),
            TrajectoryEvent(trajectory: "t", step: 3, kind: .outcome, fields: ["success": true]),
        ]
        let (pairs, report) = try await miner.mine(events)
        #expect(pairs.map(\.negatives) == [["a", "c"]])
        #expect(report.negatives == 2)
    }

    @Test func reasoningMustBeTheVeryNextEvent() async throws {
        var t = TrajectoryBuilder("t")
        t.search("q", ["a", "b"])
        t.browse("a")
        t.answer("1932")
        t.reason("This is not relevant to the question", tokens: 7)
        t.outcome(true)
        let (pairs, report) = try await miner.mine(t.events)
        #expect(pairs.map(\.positive) == ["a"])
        #expect(pairs[0].reasoningTokens == nil && pairs[0].weight == 1)
        #expect(report.positivesWithReasoning == 0 && report.notJudged == 1)
    }

    @Test func unbrowsedAreNegativesOff() async throws {
        var t = TrajectoryBuilder("t")
        t.search("q", ["a", "b", "c"])
        t.browse("b")
        t.outcome(true)
        let (pairs, report) = try await Miner(settings: MiningSettings(unbrowsedAreNegatives: false), judge: RefusingJudge()).mine(t.events)
        #expect(pairs.map(\.positive) == ["b"] && pairs[0].negatives == [])
        #expect(report.negatives == 2 && report.negativesAttached == 0)
        #expect(report.lines.contains("negatives: off (2 unbrowsed results not used)"))
    }

    @Test func invalidSearchIsSkippedAndEndsThePreviousWindow() async throws {
        let events = [
            TrajectoryEvent(trajectory: "t", step: 1, kind: .search, fields: ["query": "q", "results": [["doc": "a", "rank": 1], ["doc": "b", "rank": 2]]]),
            TrajectoryEvent(trajectory: "t", step: 2, kind: .search, fields: ["query": "broken"]),  // no results
            TrajectoryEvent(trajectory: "t", step: 3, kind: .browse, fields: ["doc": "a"]),
            TrajectoryEvent(trajectory: "t", step: 4, kind: .outcome, fields: ["success": true]),
        ]
        let (pairs, report) = try await miner.mine(events)
        #expect(pairs.isEmpty)
        #expect(report.skippedEvents == 1 && report.searches == 1)
        #expect(report.browsesWithoutSearch == 1 && report.negatives == 2)
        #expect(report.lines.contains("skipped events: 1 (invalid)"))
    }

    @Test func emptyInput() async throws {
        let (pairs, report) = try await miner.mine([])
        #expect(pairs.isEmpty)
        #expect(report == MiningReport(settings: MiningSettings()))
        #expect(report.lines.last == "pairs: 0")
    }
}
