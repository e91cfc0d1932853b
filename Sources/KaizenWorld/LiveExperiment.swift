import KaizenCore
import Synchronization

/// Live A/B traffic on the built-in world. Users are hashed into arms by (user, seed):
/// `trafficFraction` of all users go to treatment and as many to control (the fraction is
/// capped at one half); everyone else is served outside the experiment and not simulated.
///
/// Days advance only when asked (`advance(days:)`), so a test can run a month in seconds and
/// a demo can map days to wall-clock time. On each day every present user gets one request
/// (the day's candidates from their pool, ordered by their arm's ranker), and clicks, watches,
/// answers surveys and comes back tomorrow or not, with noise from `seed`.
///
/// A ranker is asked once per user, for the whole candidate pool, on the user's first visit;
/// the scores are reused on later days (see `Ranker`). The class is `Sendable` because all
/// state sits behind a `Mutex`; calls are serialized.
public final class LiveExperiment: Sendable {
    public let world: World
    public let trafficFraction: Double
    public let seed: UInt64
    /// Days a cohort's north star sums over.
    public let northStarWindow: Int
    private let state: Mutex<State>

    struct State {
        var day = 0
        var control: ExperimentArm
        var treatment: ExperimentArm
    }

    public init(world: World, control: any Ranker, treatment: any Ranker, trafficFraction: Double, seed: UInt64, northStarWindow: Int = 14) {
        self.world = world
        let fraction = trafficFraction.isNaN ? 0 : min(0.5, max(0, trafficFraction))
        self.trafficFraction = fraction
        self.seed = seed
        self.northStarWindow = max(1, northStarWindow)
        var controlMembers: [Int] = [], treatmentMembers: [Int] = []
        for u in 0..<world.config.users {
            let x = StreamHash.unit(StreamHash.hash(seed, RandomStream.experimentAssignment.rawValue, UInt64(u), 0, 0))
            if x < fraction { treatmentMembers.append(u) } else if x < 2 * fraction { controlMembers.append(u) }
        }
        state = Mutex(State(
            control: ExperimentArm(ranker: control, members: controlMembers, world: world),
            treatment: ExperimentArm(ranker: treatment, members: treatmentMembers, world: world)))
    }

    /// Live days simulated so far.
    public var day: Int { state.withLock { $0.day } }

    /// Users assigned to each arm.
    public var armSizes: (control: Int, treatment: Int) {
        state.withLock { ($0.control.members.count, $0.treatment.members.count) }
    }

    /// Simulates `days` more days of traffic.
    public func advance(days: Int) {
        guard days > 0 else { return }
        state.withLock { state in
            var builder = SlateBuilder(poolSize: world.latent.poolSize, candidates: world.config.effectiveCandidates, slateSize: world.config.effectiveSlateSize)
            for _ in 0..<days {
                simulateDay(state.day, arm: &state.control, armKey: 0, builder: &builder)
                simulateDay(state.day, arm: &state.treatment, armKey: 1, builder: &builder)
                state.day += 1
            }
        }
    }

    /// Per-arm metrics of every simulated day, day 0 first.
    public func dailyMetrics() -> (control: [ArmMetrics], treatment: [ArmMetrics]) {
        state.withLock { ($0.control.metrics, $0.treatment.metrics) }
    }

    /// The north star of every entry cohort whose window has closed: delayed by
    /// `northStarWindow` days. Values are per user, in arm member order.
    public func northStarCohorts() -> [NorthStarCohort] {
        state.withLock { state in
            let window = northStarWindow
            guard state.day >= window else { return [] }
            return (0...(state.day - window)).map { cohortDay in
                NorthStarCohort(
                    cohortDay: cohortDay,
                    control: Self.cohortValues(state.control, cohortDay: cohortDay, window: window),
                    treatment: Self.cohortValues(state.treatment, cohortDay: cohortDay, window: window))
            }
        }
    }

    /// Per-user guardrail values so far, in arm member order: `active_users`, each member's
    /// share of days active (0 for one never seen), and `satisfaction`, each surveyed
    /// member's mean answer. Users are the unit of assignment, so a test on these accounts for
    /// how much the arms' users differ.
    public func userMetrics() -> [String: ArmObservations] {
        state.withLock { state in
            let days = Double(max(1, state.day))
            func active(_ arm: ExperimentArm) -> [Double] { arm.activeDays.map { Double($0) / days } }
            func satisfaction(_ arm: ExperimentArm) -> [Double] {
                arm.members.indices.compactMap { arm.surveyCount[$0] > 0 ? arm.surveySum[$0] / Double(arm.surveyCount[$0]) : nil }
            }
            return [
                "active_users": ArmObservations(control: active(state.control), treatment: active(state.treatment)),
                "satisfaction": ArmObservations(control: satisfaction(state.control), treatment: satisfaction(state.treatment)),
            ]
        }
    }

    static func cohortValues(_ arm: ExperimentArm, cohortDay: Int, window: Int) -> [Double] {
        var values: [Double] = []
        for k in arm.members.indices where arm.firstDay[k] == Int32(cohortDay) {
            var total = 0.0
            for d in cohortDay..<(cohortDay + window) { total += Double(arm.satisfiedWatch[d][k]) }
            values.append(total)
        }
        return values
    }

    private func simulateDay(_ day: Int, arm: inout ExperimentArm, armKey: UInt64, builder: inout SlateBuilder) {
        let latent = world.latent
        let poolSize = latent.poolSize
        let worldDay = world.config.logDays + day
        let dayKey = UInt64(bitPattern: Int64(worldDay))
        let surveyRate = world.config.surveyRate
        var daily = [Float](repeating: 0, count: arm.members.count)
        var impressions = 0, clicks = 0, activeUsers = 0, surveys = 0
        var watchSeconds = 0.0, surveySum = 0.0
        if arm.scores.isEmpty { arm.scores = [Float](repeating: 0, count: arm.members.count * poolSize) }

        for (k, u) in arm.members.enumerated() {
            var experience = 0.0
            if arm.active[k] {
                activeUsers += 1
                arm.activeDays[k] += 1
                if arm.firstDay[k] < 0 { arm.firstDay[k] = Int32(day) }
                if !arm.scored[k] {
                    let pool = world.candidatePool(user: u)
                    let s = arm.ranker.scores(user: u, items: pool)
                    precondition(s.count == pool.count, "a ranker must return one score per item")
                    for slot in 0..<poolSize { arm.scores[k * poolSize + slot] = s[slot] }
                    arm.scored[k] = true
                }
                let base = k * poolSize
                builder.drawCandidates(seed: world.config.seed, user: u, day: worldDay)
                builder.pickTop { Double(arm.scores[base + $0]) }
                var rng = SplitMix64(seed, .experimentSession, UInt64(u), dayKey, armKey)
                var clicked = false
                var satisfied = 0.0
                for (p, slot) in builder.slate.enumerated() {
                    let i = Int(latent.pools[u * poolSize + slot])
                    let outcome = latent.simulate(u, i, position: p, surveyRate: surveyRate, rng: &rng)
                    guard outcome.click else { continue }
                    clicked = true
                    clicks += 1
                    watchSeconds += outcome.watchSeconds
                    satisfied += outcome.satisfiedWatchSeconds
                    experience += Dynamics.experience(satisfaction: outcome.realizedSatisfaction, tolerance: latent.tolerance[u])
                    if !outcome.survey.isNaN {
                        surveys += 1
                        surveySum += outcome.survey
                        arm.surveySum[k] += outcome.survey
                        arm.surveyCount[k] += 1
                    }
                }
                impressions += builder.slate.count
                if !clicked { experience -= Dynamics.noClickPenalty }
                daily[k] = Float(satisfied)
            }
            arm.recent[k] = Dynamics.updatedRecent(arm.recent[k], active: arm.active[k], experience: experience)
            let p = Dynamics.returnProbability(baseLogit: latent.baseLogit[u], recent: arm.recent[k])
            arm.active[k] = StreamHash.unit(StreamHash.hash(seed, RandomStream.experimentActivity.rawValue, UInt64(u), dayKey, armKey)) < p
        }
        arm.satisfiedWatch.append(daily)
        let users = arm.members.count
        arm.metrics.append(ArmMetrics(
            day: day, users: users, impressions: impressions, clicks: clicks,
            ctr: impressions > 0 ? Double(clicks) / Double(impressions) : 0,
            watchSecondsPerUser: users > 0 ? watchSeconds / Double(users) : 0,
            satisfaction: surveys > 0 ? surveySum / Double(surveys) : .nan,
            activeUsers: activeUsers, surveys: surveys))
    }
}
