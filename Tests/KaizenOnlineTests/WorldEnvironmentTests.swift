import Foundation
import KaizenCore
import KaizenOnline
import KaizenWorld
import Testing

/// The built-in live environment on a small real world: real training, real simulation.
@Suite(.serialized) struct WorldEnvironmentTests {
    static let world: World = {
        var config = WorldConfig()
        config.users = 1500
        config.items = 300
        config.impressions = 30_000
        return World(config: config)
    }()

    func spec(_ production: JSONValue, seed: UInt64 = 11, northStar: String = "retained_watch_time_3d") -> ExperimentSpec {
        ExperimentSpec(
            id: "exp-\(seed)", candidateID: "cand", control: production, treatment: production, trafficFraction: 0.3, seed: seed,
            northStar: northStar)
    }

    @Test(.timeLimit(.minutes(10))) func reportsDaysAndClosedCohortsAndReplaysAfterARestart() async throws {
        let production = try repositoryProduction()
        let environment = WorldEnvironment(world: Self.world, daysPerPoll: 2, northStarWindow: 3, logger: quietLogger)
        let spec = spec(production)
        let handle = try await environment.start(spec)

        let first = try await environment.poll(spec, handle: handle, afterDay: -1)
        #expect(first.days.map(\.day) == [0, 1])
        #expect(first.cohorts.isEmpty)  // a 3-day window: nothing has closed after 2 days
        let second = try await environment.poll(spec, handle: handle, afterDay: 1)
        #expect(second.days.map(\.day) == [2, 3])
        #expect(second.cohorts.map(\.cohortDay) == [0, 1])
        let day = try #require(second.days.first)
        for metric in ["ctr", "active_users", "watch_seconds_per_user", "users"] {
            #expect(day.control[metric] != nil && day.treatment[metric] != nil, "missing \(metric)")
        }
        let active = try #require(second.userMetrics["active_users"])
        #expect(active.control.count > 300 && active.treatment.count > 300)  // every assigned user
        #expect(active.control.allSatisfy { (0...1).contains($0) })
        let satisfaction = try #require(second.userMetrics["satisfaction"])
        #expect(!satisfaction.control.isEmpty && satisfaction.control.count < active.control.count)  // surveyed users only
        let cohort = try #require(second.cohorts.first)
        #expect(cohort.control.count > 50 && cohort.treatment.count > 50)
        #expect(cohort.control.allSatisfy { $0 >= 0 && $0.isFinite })

        // A new process: a fresh environment replays days 0-3 silently and continues with day 4,
        // exactly as the uninterrupted one does.
        let restarted = WorldEnvironment(world: Self.world, daysPerPoll: 2, northStarWindow: 3, logger: quietLogger)
        let resumed = try await restarted.poll(spec, handle: handle, afterDay: 3)
        let uninterrupted = try await environment.poll(spec, handle: handle, afterDay: 3)
        #expect(resumed.days.map(\.day) == [4, 5])
        #expect(resumed == uninterrupted)
        #expect(resumed.cohorts.map(\.cohortDay) == [2, 3])

        try await environment.stop(spec, handle: handle, reason: "test")
    }

    @Test func refusesANorthStarItDoesNotReport() async throws {
        let environment = WorldEnvironment(world: Self.world, northStarWindow: 14, logger: quietLogger)
        await #expect(throws: LiveEnvironmentError.self) {
            _ = try await environment.start(spec(try repositoryProduction(), northStar: "revenue_7d"))
        }
    }
}
