import KaizenCore

/// Where A/B experiments run: the built-in simulated world, or a user's own experimentation
/// platform behind three commands. Kaizen owns the decisions; the environment only serves
/// traffic and reports what it measured.
///
/// Contract: `start` is idempotent per experiment id (a crash between `start` and the store's
/// commit retries it); `poll` returns every day after `afterDay` that has been measured, in
/// order and without gaps, and the north-star cohorts whose window closed in those days.
public protocol LiveEnvironment: Sendable {
    /// A short name for logs and the store: `world`, `command`.
    var kind: String { get }
    /// Starts serving `spec.treatment` to a fraction of traffic; returns the environment's handle.
    func start(_ spec: ExperimentSpec) async throws(LiveEnvironmentError) -> String
    /// Metrics of the days after `afterDay` (-1 before the first poll) that are available now.
    func poll(_ spec: ExperimentSpec, handle: String, afterDay: Int) async throws(LiveEnvironmentError) -> PollReport
    /// Stops the experiment; the treatment no longer gets traffic.
    func stop(_ spec: ExperimentSpec, handle: String, reason: String) async throws(LiveEnvironmentError)
}

/// What an environment needs to run one experiment.
public struct ExperimentSpec: Sendable, Equatable {
    public var id: String
    public var candidateID: String
    /// The status-quo arm: the production config when the experiment started.
    public var control: JSONValue
    public var treatment: JSONValue
    /// Fraction of all users in the treatment arm; as many again form the control arm.
    public var trafficFraction: Double
    /// Seeds the simulated world's assignment and noise; external platforms may ignore it.
    public var seed: UInt64
    /// The north-star metric the decision is made on.
    public var northStar: String

    public init(id: String, candidateID: String, control: JSONValue, treatment: JSONValue, trafficFraction: Double, seed: UInt64, northStar: String) {
        self.id = id
        self.candidateID = candidateID
        self.control = control
        self.treatment = treatment
        self.trafficFraction = trafficFraction
        self.seed = seed
        self.northStar = northStar
    }
}

/// One poll's new measurements.
public struct PollReport: Sendable, Equatable {
    /// New days, consecutive, first the one after `afterDay`.
    public var days: [DayMetrics]
    /// North-star cohorts whose window closed within the new days.
    public var cohorts: [CohortObservations]
    /// Per-user values of guardrail metrics, cumulative up to the last new day (e.g. each
    /// user's share of days active, their mean survey answer). Optional: guardrails read
    /// them when present, because day-level aggregates cannot tell a lasting difference
    /// between the arms' users from an effect of the treatment.
    public var userMetrics: [String: ArmObservations]

    public init(days: [DayMetrics], cohorts: [CohortObservations], userMetrics: [String: ArmObservations] = [:]) {
        self.days = days
        self.cohorts = cohorts
        self.userMetrics = userMetrics
    }
}

/// Why an environment call failed, naming the command or step and what was wrong.
public enum LiveEnvironmentError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The adapter command could not be started or timed out.
    case launchFailed(command: String, reason: String)
    /// The adapter command exited with a non-zero status.
    case commandFailed(command: String, status: String, stderrTail: String)
    /// The adapter's output is not the JSON the contract asks for; `field` is its path.
    case badOutput(command: String, field: String, reason: String)
    /// The days returned do not follow on from `afterDay` without gaps.
    case missingDays(command: String, expected: Int, found: Int)
    /// The experiment is unknown to the environment, or its configs cannot be served.
    case rejected(String)

    public var description: String {
        switch self {
        case .launchFailed(let command, let reason): "live environment '\(command)': could not run: \(reason)"
        case .commandFailed(let command, let status, let tail):
            "live environment '\(command)' failed (\(status))" + (tail.isEmpty ? "" : "; stderr: \(tail.suffix(400))")
        case .badOutput(let command, let field, let reason): "live environment '\(command)': bad output at \(field): \(reason)"
        case .missingDays(let command, let expected, let found):
            "live environment '\(command)': expected day \(expected) next, got day \(found) (days must follow on without gaps)"
        case .rejected(let why): "live environment refused: \(why)"
        }
    }
}
