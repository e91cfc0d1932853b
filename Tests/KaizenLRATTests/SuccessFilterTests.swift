import KaizenCore
import Testing

@testable import KaizenLRAT

/// Only trajectories whose last outcome (by step) is a success are mined by default.
@Suite struct SuccessFilterTests {
    /// One search and one browse; the positive is named after the trajectory.
    static func trajectory(_ id: String, outcomes: [Bool]) -> [TrajectoryEvent] {
        var t = TrajectoryBuilder(id)
        t.search("q-\(id)", ["doc-\(id)", "other-\(id)"])
        t.browse("doc-\(id)")
        for success in outcomes { t.outcome(success) }
        return t.events
    }

    static let events: [TrajectoryEvent] = {
        let all =
            trajectory("ok", outcomes: [true]) + trajectory("failed", outcomes: [false])
            + trajectory("none", outcomes: []) + trajectory("recovered", outcomes: [false, true])
            + trajectory("regressed", outcomes: [true, false])
        // Reversed input: "last" must mean the highest step, not the last line.
        return all.reversed()
    }()

    @Test func defaultKeepsOnlyTrajectoriesWhoseLastOutcomeSucceeded() async throws {
        let (pairs, report) = try await Miner().mine(Self.events)
        #expect(pairs.map(\.trajectory) == ["ok", "recovered"])
        #expect(pairs.map(\.positive) == ["doc-ok", "doc-recovered"])
        #expect(pairs.map(\.negatives) == [["other-ok"], ["other-recovered"]])
        #expect(report.trajectoriesSeen == 5 && report.trajectoriesUsed == 2)
        #expect(report.searches == 2 && report.browses == 2 && report.negatives == 2)
    }

    @Test func filterOffKeepsFailedAndOutcomelessTrajectories() async throws {
        let (pairs, report) = try await Miner(settings: MiningSettings(successOnly: false)).mine(Self.events)
        #expect(pairs.map(\.trajectory) == ["failed", "none", "ok", "recovered", "regressed"])
        #expect(report.trajectoriesSeen == 5 && report.trajectoriesUsed == 5 && report.pairs == 5)
    }
}
