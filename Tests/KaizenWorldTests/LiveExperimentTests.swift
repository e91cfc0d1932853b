import Testing
import KaizenWorld

@Suite struct LiveExperimentTests {
    let world = TestWorlds.small

    @Test func armsGetTheirTrafficFraction() {
        let e = LiveExperiment(world: world, control: PopularityRanker(world: world), treatment: PopularityRanker(world: world), trafficFraction: 0.1, seed: 3)
        let sizes = e.armSizes
        #expect(abs(Double(sizes.treatment) / Double(world.config.users) - 0.1) < 0.02)
        #expect(abs(Double(sizes.control) / Double(world.config.users) - 0.1) < 0.02)
        e.advance(days: 3)
        #expect(e.day == 3)
        let (control, treatment) = e.dailyMetrics()
        #expect(control.map(\.day) == [0, 1, 2] && treatment.count == 3)
        #expect(control.allSatisfy { $0.users == sizes.control && $0.activeUsers <= $0.users && $0.impressions == $0.activeUsers * world.config.slateSize })
    }

    @Test func northStarIsDelayedByItsWindow() {
        let e = LiveExperiment(world: world, control: PopularityRanker(world: world), treatment: OracleSatisfactionRanker(world: world), trafficFraction: 0.1, seed: 4)
        e.advance(days: 13)
        #expect(e.northStarCohorts().isEmpty)
        e.advance(days: 1)
        #expect(e.northStarCohorts().map(\.cohortDay) == [0])
        e.advance(days: 6)
        let cohorts = e.northStarCohorts()
        #expect(cohorts.map(\.cohortDay) == Array(0...6))
        #expect(!cohorts[0].control.isEmpty && !cohorts[0].treatment.isEmpty)
    }

    @Test func aaExperimentArmsAgreeWithinNoise() {
        let ranker = OracleSatisfactionRanker(world: world)
        let e = LiveExperiment(world: world, control: ranker, treatment: ranker, trafficFraction: 0.5, seed: 21)
        e.advance(days: 14)
        let cohort = e.northStarCohorts()[0]
        let z = welchZ(cohort.control, cohort.treatment)
        #expect(abs(z) < 3, "A/A z = \(z): control \(mean(cohort.control)), treatment \(mean(cohort.treatment))")
        let (control, treatment) = e.dailyMetrics()
        let ctrC = Double(control.map(\.clicks).reduce(0, +)) / Double(control.map(\.impressions).reduce(0, +))
        let ctrT = Double(treatment.map(\.clicks).reduce(0, +)) / Double(treatment.map(\.impressions).reduce(0, +))
        #expect(abs(ctrC - ctrT) < 0.02)
    }

    @Test func satisfactionOracleBeatsPopularityOnTheNorthStar() {
        let e = LiveExperiment(world: world, control: PopularityRanker(world: world), treatment: OracleSatisfactionRanker(world: world), trafficFraction: 0.25, seed: 8)
        e.advance(days: 14)
        let cohort = e.northStarCohorts()[0]
        let z = welchZ(cohort.control, cohort.treatment)
        #expect(z > 3, "z = \(z): control \(mean(cohort.control)), treatment \(mean(cohort.treatment))")
    }

    @Test func rankersAreAskedOncePerUser() {
        let counting = CountingRanker(PopularityRanker(world: world))
        let e = LiveExperiment(world: world, control: counting, treatment: PopularityRanker(world: world), trafficFraction: 0.1, seed: 9)
        e.advance(days: 10)
        let calls = counting.calls.withLock { $0 }
        #expect(calls > 0 && calls <= e.armSizes.control)
    }
}
