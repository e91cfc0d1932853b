import KaizenCore
import KaizenOnline
import KaizenPolicy
import KaizenStats
import Testing

/// The decision rules on synthetic data with known effects.
@Suite struct ExperimentJudgeTests {
    let policy: Policy
    init() throws { policy = try repositoryPolicy() }

    func days(_ n: Int, satisfaction: (Int) -> (Double, Double) = { _ in (0.8, 0.8) }) -> [DayMetrics] {
        (0..<n).map { d in
            let (c, t) = satisfaction(d)
            return DayMetrics(day: d, control: ["satisfaction": c, "active_users": 1000], treatment: ["satisfaction": t, "active_users": 1000])
        }
    }

    func cohort(_ day: Int, n: Int = 3000, lift: Double, seed: UInt64) -> CohortObservations {
        var rng = SeededGenerator(seed: seed &* 31 &+ UInt64(day))
        func values(_ scale: Double) -> [Double] { (0..<n).map { _ in max(0, 100 * scale + 40 * ScriptedEnvironment.gaussian(&rng)) } }
        return CohortObservations(cohortDay: day, control: values(1), treatment: values(1 + lift))
    }

    /// Runs the judge day by day as the agent does; returns the decision.
    func run(_ judge: ExperimentJudge, lift: Double, window: Int = 14, seed: UInt64, satisfaction: @escaping (Int) -> (Double, Double) = { _ in (0.8, 0.8) }) -> Decision? {
        var state: JSONValue = .object([:])
        var cohorts: [CohortObservations] = []
        for day in 1...judge.launch.maxDays {
            if day - window >= 0 { cohorts.append(cohort(day - window, lift: lift, seed: seed)) }
            switch judge.judge(days: days(day, satisfaction: satisfaction), cohorts: cohorts, state: state) {
            case .running(let s, _): state = s
            case .decided(let decision, _): return decision
            }
        }
        return nil
    }

    @Test func aClearWinnerLaunchesAfterMinDaysWithItsStatistics() throws {
        let judge = ExperimentJudge(launch: policy.launch, guardrails: policy.guardrails)
        let decision = try #require(run(judge, lift: 0.05, seed: 1))
        #expect(decision.outcome == .launched)
        #expect(decision.days >= policy.launch.minDays)
        #expect(decision.days == 14)  // the first cohort closes on day 14 and is already conclusive
        #expect(decision.ciLow > 0 && decision.ciHigh > decision.ciLow)
        #expect(abs(decision.relativeEstimate - 0.05) < 0.02)
        #expect(decision.pValue < policy.launch.alpha)
        #expect((decision.eValue ?? 0) >= 1 / policy.launch.alpha)
        #expect(decision.controlCount == 3000)
    }

    @Test func aClearLoserStopsEarlyUnlaunched() throws {
        let judge = ExperimentJudge(launch: policy.launch, guardrails: policy.guardrails)
        let decision = try #require(run(judge, lift: -0.05, seed: 2))
        #expect(decision.outcome == .notLaunched)
        #expect(decision.days < policy.launch.maxDays)
        #expect(decision.reason.contains("rules out the minimum effect"))
    }

    @Test func aSignificantButTooSmallEffectIsNotLaunched() throws {
        var launch = policy.launch
        launch.minEffect = 0.2
        let judge = ExperimentJudge(launch: launch, guardrails: policy.guardrails)
        let decision = try #require(run(judge, lift: 0.05, seed: 3))
        #expect(decision.outcome == .notLaunched)
    }

    @Test func welchIsReadOnceAtTheFirstLookWithData() throws {
        let judge = ExperimentJudge(launch: policy.launch, guardrails: policy.guardrails, test: .welch)
        let win = try #require(run(judge, lift: 0.05, seed: 4))
        #expect(win.outcome == .launched)
        #expect(win.test == "welch")
        #expect(win.days == 14)
        #expect(win.eValue == nil)
        let none = try #require(run(judge, lift: 0, seed: 5))
        #expect(none.days == 14)  // decided at the horizon either way, never peeked again
        #expect(none.outcome == .notLaunched || none.outcome == .launched)
        // The stored p-value is exactly Welch's on the pooled observations.
        let c = cohort(0, lift: 0.05, seed: 4)
        let welch = try #require(WelchTest.run(control: c.control, treatment: c.treatment, alpha: 0.05))
        #expect(win.pValue == welch.pValue)
        #expect(win.estimate == welch.estimate)
    }

    @Test func anAAStreamRarelyLaunches() {
        let judge = ExperimentJudge(launch: policy.launch, guardrails: policy.guardrails)
        var launched = 0
        for seed in 100..<160 where run(judge, lift: 0, seed: UInt64(seed))?.outcome == .launched { launched += 1 }
        // Expected at most alpha/2 (one side) of 60; 6 would be far beyond it.
        #expect(launched <= 5)
    }

    @Test func noCohortByMaxDaysIsNotLaunched() throws {
        let judge = ExperimentJudge(launch: policy.launch, guardrails: policy.guardrails)
        let decision = try #require(run(judge, lift: 0.5, window: 40, seed: 6))
        #expect(decision.outcome == .notLaunched)
        #expect(decision.days == policy.launch.maxDays)
        #expect(decision.reason.contains("no north-star cohort"))
    }

    @Test func aSatisfactionDropBeyondTheLimitAborts() throws {
        let judge = ExperimentJudge(launch: policy.launch, guardrails: policy.guardrails)
        let decision = try #require(run(judge, lift: 0.05, seed: 7, satisfaction: { d in (0.8, 0.8 * 0.97 + 0.001 * Double(d % 3)) }))
        #expect(decision.outcome == .aborted)
        #expect(decision.guardrail == "satisfaction")
        #expect(decision.days >= policy.guardrails.minDaysBeforeAbort)
        #expect(decision.days < 14)
    }

    @Test func aDropWithinTheLimitOrNoisyDaysDoNotAbort() throws {
        let judge = ExperimentJudge(launch: policy.launch, guardrails: policy.guardrails)
        // -0.2% against a 0.5% limit, and a noisy series that averages zero.
        let small = try #require(run(judge, lift: 0.05, seed: 8, satisfaction: { d in (0.8, 0.8 * 0.998 + 0.0002 * Double(d % 2)) }))
        #expect(small.outcome == .launched)
        let noisy = try #require(run(judge, lift: 0.05, seed: 9, satisfaction: { d in (0.8, d.isMultiple(of: 2) ? 0.78 : 0.82) }))
        #expect(noisy.outcome == .launched)
    }

    @Test func perUserValuesDecideGuardrailsOverDailyAggregates() throws {
        let judge = ExperimentJudge(launch: policy.launch, guardrails: policy.guardrails)
        var rng = SeededGenerator(seed: 99)
        func users(_ mean: Double) -> [Double] { (0..<1500).map { _ in mean + 0.2 * ScriptedEnvironment.gaussian(&rng) } }
        // The daily aggregates show a steady -3%, as a lasting difference between the arms'
        // users would; the per-user values show the spread that makes it noise.
        let steadyDrop = days(10) { d in (0.8, 0.776 + 0.001 * Double(d % 3)) }
        let same = ["satisfaction": ArmObservations(control: users(0.8), treatment: users(0.8))]
        guard case .running = judge.judge(days: steadyDrop, cohorts: [], userMetrics: same, state: [:]) else {
            Issue.record("aborted on aggregates although the per-user values show no drop")
            return
        }
        guard case .decided(let fromAggregates, _) = judge.judge(days: steadyDrop, cohorts: [], state: [:]) else {
            Issue.record("without per-user values, ten days of a steady -3% should abort")
            return
        }
        #expect(fromAggregates.outcome == .aborted)
        let dropped = ["satisfaction": ArmObservations(control: users(0.8), treatment: users(0.76))]
        guard case .decided(let decision, _) = judge.judge(days: days(3), cohorts: [], userMetrics: dropped, state: [:]) else {
            Issue.record("a 5% per-user drop should abort")
            return
        }
        #expect(decision.outcome == .aborted)
        #expect(decision.guardrail == "satisfaction")
        // Aggregates alone never abort before a week of days.
        guard case .running = judge.judge(days: days(6) { _ in (0.8, 0.7) }, cohorts: [], state: [:]) else {
            Issue.record("aborted on fewer than \(Policy.Guardrails.minimumDailyObservations) days of aggregates")
            return
        }
    }

    @Test func theDecisionJSONHasWhatARecomputationNeeds() throws {
        let judge = ExperimentJudge(launch: policy.launch, guardrails: policy.guardrails)
        let json = try #require(run(judge, lift: 0.05, seed: 1)).json
        for key in ["test", "estimate", "ci_low", "ci_high", "p_value", "e_value", "days", "outcome", "control_n", "treatment_n"] {
            #expect(json[key] != nil && json[key] != .null, "missing \(key)")
        }
    }
}
