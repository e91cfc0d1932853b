import KaizenCore
import Testing

@testable import KaizenLRAT

/// `skipReadNegatives`: a document read in one search of a trajectory is no negative of its
/// other searches (an agent searching again skips what it has already read).
@Suite struct MinerReadNegativesTests {
    static func trajectory() -> TrajectoryBuilder {
        var t = TrajectoryBuilder("t")
        t.search("q1", ["a", "b", "c"])  // step 1
        t.browse("b")
        t.search("q2", ["b", "d", "a"])  // step 3: b was read after q1, so skipped here
        t.browse("a")
        t.outcome(true)
        return t
    }

    @Test func offEveryUnbrowsedResultIsANegative() async throws {
        let (pairs, report) = try await Miner(judge: RefusingJudge()).mine(Self.trajectory().events)
        #expect(pairs.map(\.negatives) == [["a", "c"], ["b", "d"]])
        #expect(report.negatives == 4 && report.negativesAttached == 4)
    }

    @Test func onDocumentsReadInTheTrajectoryAreLeftOut() async throws {
        let miner = Miner(settings: MiningSettings(skipReadNegatives: true), judge: RefusingJudge())
        let (pairs, report) = try await miner.mine(Self.trajectory().events)
        #expect(pairs.map(\.positive) == ["b", "a"])
        #expect(pairs.map(\.negatives) == [["c"], ["d"]])
        #expect(report.negatives == 2 && report.negativesAttached == 2)
    }

    @Test func otherTrajectoriesStillGiveNegatives() async throws {
        var events = Self.trajectory().events
        var u = TrajectoryBuilder("u")
        u.search("q3", ["a", "e"])
        u.browse("e")
        u.outcome(true)
        events += u.events
        let miner = Miner(settings: MiningSettings(skipReadNegatives: true), judge: RefusingJudge())
        let (pairs, _) = try await miner.mine(events)
        #expect(pairs.first { $0.trajectory == "u" }?.negatives == ["a"])
    }
}
