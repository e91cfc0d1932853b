import Dispatch
import Foundation
import KaizenCore
import KaizenOnline
import KaizenPolicy
import KaizenStats
import KaizenTrainer
import KaizenWorld
import Synchronization

/// The online agent's launch decisions on the built-in world: how often an A/A experiment
/// (the same model in both arms) launches, and how often candidates with a known oracle
/// advantage launch, are aborted or stop unlaunched, and how fast.
///
/// Every experiment is a real `LiveExperiment` (seeded A/B traffic on the world), advanced one
/// day at a time to `launch.max_days`; after each day the day's metrics (mapped as
/// `WorldEnvironment` reports them) and the closed north-star cohorts go to `ExperimentJudge`
/// with the repository's `Policies/`, its state carried forward, once per test, exactly as the
/// online agent polls with `days_per_step: 1`. The three tests read the same simulated
/// traffic, so their figures are paired:
/// - `sequential`: the judge with the mixture SPRT (production default);
/// - `welch`: the judge with Welch's test, read once at the first look after min_days with a
///   closed cohort;
/// - `welch, peeked daily`: a naive Welch test read every day from that look to max_days,
///   launching at the first p < alpha with an effect of at least min_effect (this benchmark's
///   own code, not the product's; same guardrails). It shows why the sequential test exists.
/// A second block repeats the three with guardrails off, the north-star test alone.
///
/// Usage: kaizen-bench online [--aa N] [--power-seeds N] [--traffic F] [--seed S]
///        [--users N --items N --impressions N] [--configs all|none|key,key]  (keys: sat-sgd, return-sgd, adam-3ep, sat-adam, harmful)
enum OnlineBench {
    static func say(_ line: String) {
        print(line)
        fflush(nil)
    }

    enum Test: String, CaseIterable, Sendable {
        case sequential
        case welch
        case welchPeeked = "welch, peeked daily"
    }

    /// One test's decision in one experiment.
    struct Outcome: Sendable {
        var outcome: Decision.Outcome
        var days: Int
        var guardrail: String?
        var relativeEstimate: Double
    }

    /// One experiment: per test, with guardrails (as production) and without.
    struct Result: Sendable {
        var guarded: [Outcome]
        var northStarOnly: [Outcome]
        /// Welch's relative estimate of the north star at the fixed horizon.
        var horizonLift: Double
        /// Its standard error relative to the control mean, and the north-star users behind it.
        var horizonSE: Double
        var horizonUsers: Int
        /// Users assigned to each arm.
        var controlUsers: Int
        var treatmentUsers: Int
    }

    /// Candidates for the power table, as merge patches on production.
    static let candidates: [(key: String, name: String, patches: [String])] = [
        ("sat-sgd", "satisfaction-aware reward, sgd", [#"{"reward": {"click": 0.2, "watch": 0.5, "satisfaction": 1, "return": 0, "clickbait_penalty": 0.3}}"#]),
        ("return-sgd", "return-aware reward, sgd", [#"{"reward": {"click": 0.2, "watch": 0.5, "satisfaction": 0.5, "return": 0.5, "clickbait_penalty": 0.3}}"#]),
        ("adam-3ep", "adam 0.003, 3 epochs", [#"{"optimizer": {"name": "adam", "learning_rate": 0.003, "epochs": 3}}"#]),
        ("sat-adam", "satisfaction-aware reward, adam 0.003", [
            #"{"reward": {"click": 0.2, "watch": 0.5, "satisfaction": 1, "return": 0, "clickbait_penalty": 0.3}}"#,
            #"{"optimizer": {"name": "adam", "learning_rate": 0.003}}"#,
        ]),
        ("harmful", "click-only, both-[128,64]-gelu (harmful)", [#"{"architecture": {"tower": [128, 64], "interaction": "both", "activation": "gelu"}}"#]),
    ]

    static func run() async throws {
        let started = ContinuousClock.now
        let aaCount = Int(Repository.option("aa", "200")) ?? 200
        let powerSeeds = Int(Repository.option("power-seeds", "40")) ?? 40
        let traffic = Double(Repository.option("traffic", "0.05")) ?? 0.05
        let baseSeed = UInt64(Repository.option("seed", "1")) ?? 1
        let configFilter = Repository.option("configs", "all")
        let worldConfig = WorldConfig(
            users: Int(Repository.option("users", "20000"))!, items: Int(Repository.option("items", "5000"))!,
            impressions: Int(Repository.option("impressions", "500000"))!)
        let policy = try Repository.policy()
        let launch = policy.launch
        let window = 14
        say("online.world     seed \(worldConfig.seed), users \(worldConfig.users), items \(worldConfig.items), impressions \(worldConfig.impressions); traffic \(traffic) per arm (about \(Int(Double(worldConfig.users) * min(0.5, traffic))) users each); north-star window \(window) days")
        say("online.policy    launch: test \(launch.test.rawValue) (production default), alpha \(launch.alpha), min_days \(launch.minDays), max_days \(launch.maxDays), min_effect \(launch.minEffect), north_star \(launch.northStar)")
        say("online.policy    guardrails: min_days_before_abort \(policy.guardrails.minDaysBeforeAbort); " + policy.guardrails.limits.map { "\($0.metric) max_relative_drop \($0.maxRelativeDrop)" }.joined(separator: ", "))
        say("online.seeds     experiment seed i = splitmix64 mix of (--seed \(baseSeed), stream, i); A/A stream 0, power stream 1 (the same seeds for every candidate: paired)")

        let world = World(config: worldConfig)
        let trainer = BuiltinTrainer(world: world)
        let production = try Repository.production()
        let prodRanker = try await trainer.trainModel(TrainingJob(candidateID: "production", config: production, seed: 1)).ranker
        let prodOracle = world.oracleValue(of: prodRanker, days: window)
        say("online.setup     world built and production trained in \(Bench.fmt((ContinuousClock.now - started).seconds, 0)) s; production oracle \(Bench.fmt(prodOracle, 1))")

        // 1. A/A: production against itself, the same trained ranker in both arms.
        if aaCount > 0 {
            let t0 = ContinuousClock.now
            let results = experiments(
                count: aaCount, label: "aa", world: world, control: prodRanker, treatment: prodRanker, traffic: traffic, policy: policy,
                seed: { seed(base: baseSeed, stream: 0, index: $0) })
            say("online.aa        \(aaCount) A/A experiments (production vs production) in \(Bench.fmt((ContinuousClock.now - t0).seconds, 0)) s")
            reportAA(results, alpha: launch.alpha, guarded: true)
            reportAA(results, alpha: launch.alpha, guarded: false)
            reportAborts(results)
            let lifts = results.map(\.horizonLift).filter(\.isFinite)
            say("online.aa.lift   Welch relative estimate at the horizon: mean \(pct(mean(lifts))), sd \(pct(sd(lifts), sign: false)) (over \(lifts.count)); its own standard error median \(pct(median(results.map(\.horizonSE).filter(\.isFinite)), sign: false)), on a median \(Int(median(results.map { Double($0.horizonUsers) }))) users (both arms)")
        }

        // 2. Power: candidates with a known oracle advantage.
        let chosen = candidates.filter { configFilter == "all" || configFilter.split(separator: ",").contains(Substring($0.key)) }
        if powerSeeds > 0, configFilter != "none" {
            for candidate in chosen {
                let t0 = ContinuousClock.now
                var config = production
                for patch in candidate.patches { config = config.merging(patch: try JSONValue.parse(patch)) }
                let ranker = try await trainer.trainModel(TrainingJob(candidateID: "candidate", config: config, seed: 1)).ranker
                let oracle = world.oracleValue(of: ranker, days: window)
                let advantage = (oracle - prodOracle) / prodOracle
                say("online.power     \(candidate.name): oracle \(Bench.fmt(oracle, 1)) vs production \(Bench.fmt(prodOracle, 1)) = \(pct(advantage))")
                let results = experiments(
                    count: powerSeeds, label: "power", world: world, control: prodRanker, treatment: ranker, traffic: traffic, policy: policy,
                    seed: { seed(base: baseSeed, stream: 1, index: $0) })
                reportPower(results, name: candidate.name, advantage: advantage, window: window, guarded: true)
                reportPower(results, name: candidate.name, advantage: advantage, window: window, guarded: false)
                let lifts = results.map(\.horizonLift).filter(\.isFinite)
                say("online.power.lift  \(candidate.name): Welch relative estimate at the horizon mean \(pct(mean(lifts))), sd \(pct(sd(lifts), sign: false)); \(powerSeeds) experiments in \(Bench.fmt((ContinuousClock.now - t0).seconds, 0)) s incl. training")
            }
        }
        say("online.wall      \(Bench.fmt((ContinuousClock.now - started).seconds, 0)) s")
    }

    // MARK: - Experiments

    /// Runs `count` experiments, two at a time, in seed order of the results.
    static func experiments(
        count: Int, label: String, world: World, control: any Ranker, treatment: any Ranker, traffic: Double, policy: Policy,
        seed: @escaping @Sendable (Int) -> UInt64
    ) -> [Result] {
        let results = Mutex<[Result?]>([Result?](repeating: nil, count: count))
        let done = Mutex(0)
        let started = ContinuousClock.now
        let step = max(1, count / 10)
        DispatchQueue.concurrentPerform(iterations: count) { i in
            let result = experiment(world: world, control: control, treatment: treatment, traffic: traffic, seed: seed(i), policy: policy)
            results.withLock { $0[i] = result }
            done.withLock { n in
                n += 1
                if n % step == 0 || n == count {
                    say("online.progress  \(label) \(n)/\(count) (\(Bench.fmt((ContinuousClock.now - started).seconds, 0)) s)")
                }
            }
        }
        return results.withLock { $0.map { $0! } }
    }

    /// One experiment, advanced a day at a time until every test (guarded and not) decided.
    static func experiment(world: World, control: any Ranker, treatment: any Ranker, traffic: Double, seed: UInt64, policy: Policy) -> Result {
        let launch = policy.launch
        let live = LiveExperiment(world: world, control: control, treatment: treatment, trafficFraction: traffic, seed: seed, northStarWindow: 14)
        let noGuardrails = Policy.Guardrails(limits: [], minDaysBeforeAbort: policy.guardrails.minDaysBeforeAbort)
        let judges: [[ExperimentJudge]] = [policy.guardrails, noGuardrails].map { guardrails in
            [Policy.Launch.Test.sequential, .welch].map { ExperimentJudge(launch: launch, guardrails: guardrails, test: $0) }
        }
        var states = [[JSONValue]](repeating: [.object([:]), .object([:])], count: 2)
        var decided = [[Outcome?]](repeating: [nil, nil, nil], count: 2)
        var days: [DayMetrics] = []
        var horizonLift = Double.nan, horizonSE = Double.nan, horizonUsers = 0
        while decided.joined().contains(where: { $0 == nil }) {
            precondition(live.day < launch.maxDays, "every test decides by max_days")
            live.advance(days: 1)
            let (c, t) = live.dailyMetrics()
            let d = live.day - 1
            days.append(DayMetrics(day: d, control: metrics(c[d]), treatment: metrics(t[d])))
            let cohorts = live.northStarCohorts()
            let userMetrics = live.userMetrics()
            for g in 0..<2 {
                for k in 0..<2 where decided[g][k] == nil {
                    switch judges[g][k].judge(days: days, cohorts: cohorts, userMetrics: userMetrics, state: states[g][k]) {
                    case .running(let state, _):
                        states[g][k] = state
                    case .decided(let decision, let state):
                        states[g][k] = state
                        decided[g][k] = Outcome(outcome: decision.outcome, days: decision.days, guardrail: decision.guardrail, relativeEstimate: decision.relativeEstimate)
                    }
                }
                if decided[g][2] == nil {
                    decided[g][2] = peekedWelch(days: days, cohorts: cohorts, userMetrics: userMetrics, launch: launch, guardrails: g == 0 ? policy.guardrails : noGuardrails)
                }
            }
            if horizonLift.isNaN, days.count >= launch.minDays, !cohorts.isEmpty {
                let control = cohorts.flatMap(\.control), treatment = cohorts.flatMap(\.treatment)
                if let r = WelchTest.run(control: control, treatment: treatment, alpha: launch.alpha), r.controlMean != 0 {
                    horizonLift = r.estimate / abs(r.controlMean)
                    horizonSE = abs(r.estimate / r.statistic) / abs(r.controlMean)
                    horizonUsers = control.count + treatment.count
                }
            }
        }
        let sizes = live.armSizes
        return Result(
            guarded: decided[0].map { $0! }, northStarOnly: decided[1].map { $0! }, horizonLift: horizonLift, horizonSE: horizonSE, horizonUsers: horizonUsers,
            controlUsers: sizes.control, treatmentUsers: sizes.treatment)
    }

    /// The naive alternative: Welch's test read every day from the first look after min_days
    /// with a closed cohort, launching at the first p < alpha with at least the minimum effect;
    /// guardrails as the judge checks them. nil while it keeps running.
    static func peekedWelch(
        days: [DayMetrics], cohorts: [CohortObservations], userMetrics: [String: ArmObservations], launch: Policy.Launch, guardrails: Policy.Guardrails
    ) -> Outcome? {
        if let breach = guardrails.breach(in: days, userMetrics: userMetrics, alpha: launch.alpha) {
            return Outcome(outcome: .aborted, days: days.count, guardrail: breach.metric, relativeEstimate: .nan)
        }
        var lift = Double.nan
        if days.count >= launch.minDays, !cohorts.isEmpty {
            let control = cohorts.flatMap(\.control), treatment = cohorts.flatMap(\.treatment)
            if let r = WelchTest.run(control: control, treatment: treatment, alpha: launch.alpha) {
                lift = r.controlMean != 0 ? r.estimate / abs(r.controlMean) : .nan
                if r.pValue < launch.alpha, r.estimate > 0, lift >= launch.minEffect {
                    return Outcome(outcome: .launched, days: days.count, guardrail: nil, relativeEstimate: lift)
                }
            }
        }
        if days.count >= launch.maxDays { return Outcome(outcome: .notLaunched, days: days.count, guardrail: nil, relativeEstimate: lift) }
        return nil
    }

    /// A day's arm metrics exactly as the built-in world reports them.
    static func metrics(_ m: ArmMetrics) -> [String: Double] { WorldEnvironment.metrics(m) }

    /// SplitMix64's finalizer over (base, stream, index).
    static func seed(base: UInt64, stream: UInt64, index: Int) -> UInt64 {
        var z = base &* 0x9E37_79B9_7F4A_7C15 &+ stream &* 0xD1B5_4A32_D192_ED03 &+ UInt64(index) &+ 0x632B_E59B_D9B4_E019
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    // MARK: - Reports

    static func reportAA(_ results: [Result], alpha: Double, guarded: Bool) {
        let n = results.count
        let block = guarded ? "online.aa.result " : "online.aa.nsonly "
        if !guarded { say("online.aa        the same experiments with guardrails off (north-star test alone):") }
        for (k, test) in Test.allCases.enumerated() {
            let outcomes = results.map { (guarded ? $0.guarded : $0.northStarOnly)[k] }
            let launched = outcomes.filter { $0.outcome == .launched }.count
            let aborted = outcomes.filter { $0.outcome == .aborted }
            let interval = BinomialInterval.clopperPearson(successes: launched, trials: n)
            let byMetric = Dictionary(grouping: aborted.compactMap(\.guardrail), by: { $0 }).map { "\($0.key) \($0.value.count)" }.sorted().joined(separator: ", ")
            say("\(block) \(test.rawValue.padding(toLength: 20, withPad: " ", startingAt: 0)) launched \(launched)/\(n) = \(pct(interval.estimate, sign: false)) [95% CP \(pct(interval.low, sign: false)), \(pct(interval.high, sign: false))]  share <= alpha \(alpha): \(interval.estimate <= alpha ? "yes" : "NO")  aborted \(aborted.count)\(byMetric.isEmpty ? "" : " (\(byMetric))")  not launched \(outcomes.filter { $0.outcome == .notLaunched }.count)  median days \(Bench.fmt(median(outcomes.map { Double($0.days) }), 1))")
        }
    }

    /// Why A/A experiments were aborted: on which day, by which guardrail, and (for counts such
    /// as active_users) whether the treatment arm simply had fewer users.
    static func reportAborts(_ results: [Result]) {
        let n = results.count
        for metric in Set(results.compactMap { $0.guarded[0].guardrail }).sorted() {
            let hit = results.filter { $0.guarded[0].outcome == .aborted && $0.guarded[0].guardrail == metric }
            let interval = BinomialInterval.clopperPearson(successes: hit.count, trials: n)
            let days = Dictionary(grouping: hit.map(\.guarded[0].days), by: { $0 }).sorted { $0.key < $1.key }.map { "d\($0.key)×\($0.value.count)" }.joined(separator: " ")
            let smaller = hit.filter { $0.treatmentUsers < $0.controlUsers }.count
            say("online.aa.abort  \(metric): \(hit.count)/\(n) = \(pct(interval.estimate, sign: false)) [95% CP \(pct(interval.low, sign: false)), \(pct(interval.high, sign: false))] (sequential run; first breach wins); abort days \(days); treatment arm smaller than control in \(smaller)/\(hit.count)")
        }
        let ratios = results.map { Double($0.treatmentUsers) / Double(max(1, $0.controlUsers)) - 1 }
        let smallerAll = results.filter { $0.treatmentUsers < $0.controlUsers }.count
        say("online.aa.arms   arm sizes: treatment/control - 1 has sd \(pct(sd(ratios), sign: false)) (min \(pct(ratios.min() ?? .nan)), max \(pct(ratios.max() ?? .nan))); treatment smaller in \(smallerAll)/\(n)")
    }

    static func reportPower(_ results: [Result], name: String, advantage: Double, window: Int, guarded: Bool) {
        let n = Double(results.count)
        let block = guarded ? "online.power.result" : "online.power.nsonly"
        for (k, test) in Test.allCases.enumerated() {
            let outcomes = results.map { (guarded ? $0.guarded : $0.northStarOnly)[k] }
            let launched = outcomes.filter { $0.outcome == .launched }
            let by14 = launched.filter { $0.days <= window }.count
            let aborted = outcomes.filter { $0.outcome == .aborted }
            let byMetric = Dictionary(grouping: aborted.compactMap(\.guardrail), by: { $0 }).map { "\($0.key) \($0.value.count)" }.sorted().joined(separator: ", ")
            say("\(block) \(name) (\(pct(advantage))) | \(test.rawValue): launched by day \(window) \(pct(Double(by14) / n, sign: false)), by max_days \(pct(Double(launched.count) / n, sign: false)), aborted \(pct(Double(aborted.count) / n, sign: false))\(byMetric.isEmpty ? "" : " (\(byMetric))"), median days \(Bench.fmt(median(outcomes.map { Double($0.days) }), 1))")
        }
    }

    static func pct(_ x: Double, sign: Bool = true) -> String {
        guard x.isFinite else { return "n/a" }
        return (sign && x >= 0 ? "+" : "") + String(format: "%.1f%%", x * 100)
    }

    static func mean(_ xs: [Double]) -> Double { xs.isEmpty ? .nan : xs.reduce(0, +) / Double(xs.count) }

    static func sd(_ xs: [Double]) -> Double {
        guard xs.count > 1 else { return .nan }
        let m = mean(xs)
        return (xs.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(xs.count - 1)).squareRoot()
    }

    static func median(_ xs: [Double]) -> Double {
        let s = xs.sorted()
        guard !s.isEmpty else { return .nan }
        return s.count % 2 == 1 ? s[s.count / 2] : 0.5 * (s[s.count / 2 - 1] + s[s.count / 2])
    }
}
