import Foundation
import KaizenCore
import KaizenTrainer
import KaizenWorld
import Logging
import Synchronization

/// The built-in live environment: A/B traffic on the simulated world. Each arm's config is
/// trained with the built-in trainer (the same training seed for both arms, so an A/A
/// experiment serves one model) and served to its users; every poll advances the simulation
/// `daysPerPoll` days and reports them.
///
/// The simulation is a pure function of the configs and the experiment seed, so after a
/// restart an experiment is rebuilt and replayed silently up to the last day the store holds;
/// polling then continues with the next day, and no day is reported twice.
public final class WorldEnvironment: LiveEnvironment {
    public let kind = "world"
    public let world: World
    /// Simulated days per poll.
    public let daysPerPoll: Int
    /// Days a north-star cohort is followed; the metric is named after it.
    public let northStarWindow: Int
    private let trainer: BuiltinTrainer
    private let trainingSeed: UInt64
    private let logger: Logger
    private let state = Mutex(State())

    struct State {
        var rankers: [String: TrainedRanker] = [:]
        var experiments: [String: LiveExperiment] = [:]
    }

    public init(world: World, daysPerPoll: Int = 1, northStarWindow: Int = 14, trainingSeed: UInt64 = 1, logger: Logger = Logger(label: "kaizen.online")) {
        self.world = world
        self.daysPerPoll = max(1, daysPerPoll)
        self.northStarWindow = max(1, northStarWindow)
        self.trainingSeed = trainingSeed
        self.logger = logger
        self.trainer = BuiltinTrainer(world: world, logger: logger)
    }

    /// The north star this world reports: retained satisfied watch time over the window.
    public var northStarName: String { "retained_watch_time_\(northStarWindow)d" }

    public func start(_ spec: ExperimentSpec) async throws(LiveEnvironmentError) -> String {
        guard spec.northStar == northStarName else {
            throw .rejected("the built-in world reports the north star \(northStarName), not \(spec.northStar) (launch.yaml north_star)")
        }
        _ = try await experiment(for: spec, handle: spec.id, replayDays: 0)
        return spec.id
    }

    public func poll(_ spec: ExperimentSpec, handle: String, afterDay: Int) async throws(LiveEnvironmentError) -> PollReport {
        let experiment = try await experiment(for: spec, handle: handle, replayDays: afterDay + 1)
        let window = northStarWindow
        let days = daysPerPoll
        return await runOnOwnThread(name: "kaizen-world") {
            // Replays the days the store already holds (after a restart) before the new ones.
            if experiment.day < afterDay + 1 { experiment.advance(days: afterDay + 1 - experiment.day) }
            experiment.advance(days: days)
            let (control, treatment) = experiment.dailyMetrics()
            let newDays = (afterDay + 1)..<experiment.day
            let reported = newDays.map { DayMetrics(day: $0, control: Self.metrics(control[$0]), treatment: Self.metrics(treatment[$0])) }
            // Cohort c closes when day c + window - 1 has passed: report those closed by the new days.
            let cohorts = experiment.northStarCohorts().filter { $0.cohortDay + window - 1 >= afterDay + 1 }
            return PollReport(days: reported, cohorts: cohorts, userMetrics: experiment.userMetrics())
        }
    }

    public func stop(_ spec: ExperimentSpec, handle: String, reason: String) async throws(LiveEnvironmentError) {
        _ = state.withLock { $0.experiments.removeValue(forKey: handle) }
    }

    /// The running simulation behind `handle`, rebuilt (models trained, days replayed) when
    /// this process has not seen it yet.
    private func experiment(for spec: ExperimentSpec, handle: String, replayDays: Int) async throws(LiveEnvironmentError) -> LiveExperiment {
        if let running = state.withLock({ $0.experiments[handle] }) { return running }
        let control = try await ranker(for: spec.control)
        let treatment = try await ranker(for: spec.treatment)
        let experiment = LiveExperiment(
            world: world, control: control, treatment: treatment, trafficFraction: spec.trafficFraction, seed: spec.seed,
            northStarWindow: northStarWindow)
        if replayDays > 0 {
            logger.info("rebuilding a running experiment after a restart", metadata: ["experiment": "\(spec.id)", "replay_days": "\(replayDays)"])
        }
        return state.withLock { state in
            if let other = state.experiments[handle] { return other }
            state.experiments[handle] = experiment
            return experiment
        }
    }

    private func ranker(for config: JSONValue) async throws(LiveEnvironmentError) -> TrainedRanker {
        let key = config.canonicalText
        if let cached = state.withLock({ $0.rankers[key] }) { return cached }
        let ranker: TrainedRanker
        do {
            ranker = try await trainer.trainModel(TrainingJob(candidateID: "live", config: config, seed: trainingSeed)).ranker
        } catch {
            throw .rejected("the config cannot be trained for serving: \(error.reason)")
        }
        state.withLock { $0.rankers[key] = ranker }
        return ranker
    }

    /// One arm's day as the metric names experiments report (NaN satisfaction, on a day
    /// without surveys, is left out).
    public static func metrics(_ m: ArmMetrics) -> [String: Double] {
        var out: [String: Double] = [
            "users": Double(m.users), "impressions": Double(m.impressions), "clicks": Double(m.clicks), "ctr": m.ctr,
            "watch_seconds_per_user": m.watchSecondsPerUser, "active_users": Double(m.activeUsers), "surveys": Double(m.surveys),
        ]
        if m.satisfaction.isFinite { out["satisfaction"] = m.satisfaction }
        return out
    }
}
