import Foundation
import KaizenAgent
import KaizenCore
import KaizenOnline
import KaizenPolicy
import KaizenStore
import Logging
import Synchronization

/// The repository's own Policies/ folder, as a workspace gets it.
func repositoryPolicy() throws -> Policy {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    return try Policy.load(directory: root.appending(path: "Policies"))
}

func repositoryProduction() throws -> JSONValue {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    return try JSONValue.parse(String(contentsOf: root.appending(path: "Policies/production.json"), encoding: .utf8))
}

let quietLogger: Logger = {
    var logger = Logger(label: "test.online")
    logger.logLevel = .critical
    return logger
}()

/// Journals a candidate and takes it through training to `scored` with `metrics`.
@discardableResult
func scoredCandidate(
    _ store: Store, persona: Persona, delta: JSONValue, production: JSONValue, metrics: [String: Double],
    proposer: String = "evolutionary", createdAt: Date = Date()
) throws -> Candidate {
    let config = production.merging(patch: delta)
    let candidate = Candidate(
        persona: persona, state: .queued, proposer: proposer, baseFingerprint: Fingerprint.ofConfig(production), delta: delta,
        config: config, fingerprint: Fingerprint.ofConfig(config), hypothesis: "test", createdAt: createdAt)
    try store.insertCandidate(candidate)
    try store.transition(candidate.id, to: .training, reason: nil)
    return try store.finishTraining(
        candidate.id, metrics: metrics.map { MetricValue(name: $0.key, value: $0.value, source: .offline) }, to: .scored, reason: nil)
}

/// Production's own baseline entry, scored with `metrics`.
@discardableResult
func scoredBaseline(_ store: Store, production: JSONValue, metrics: [String: Double]) throws -> Candidate {
    let fingerprint = Fingerprint.ofConfig(production)
    let candidate = Candidate(
        persona: .optimizer, state: .queued, proposer: JournalSnapshot.baselineProposer, baseFingerprint: fingerprint,
        delta: .object([:]), config: production, fingerprint: fingerprint)
    try store.insertCandidate(candidate)
    try store.transition(candidate.id, to: .training, reason: nil)
    return try store.finishTraining(
        candidate.id, metrics: metrics.map { MetricValue(name: $0.key, value: $0.value, source: .offline) }, to: .scored, reason: nil)
}

/// An in-memory experimentation platform for unit tests: each experiment reports one day
/// per poll, with a north-star cohort per day once `window` days have passed. The
/// treatment's north star is the control's times (1 + lift) plus noise, and its
/// satisfaction is the control's times (1 + satisfactionChange).
final class ScriptedEnvironment: LiveEnvironment {
    let kind = "scripted"
    struct Behaviour: Sendable {
        var lift = 0.0
        var satisfactionChange = 0.0
        var usersPerCohort = 400
        var window = 3
        var failPolls = false
        var failStarts = false
    }
    struct Calls {
        var starts: [String] = []
        var polls: [(id: String, afterDay: Int)] = []
        var stops: [String] = []
    }
    let behaviour: Mutex<[String: Behaviour]>
    let fallback: Behaviour
    let calls = Mutex(Calls())

    init(_ fallback: Behaviour = Behaviour(), perCandidate: [String: Behaviour] = [:]) {
        self.fallback = fallback
        self.behaviour = Mutex(perCandidate)
    }

    func behaviour(for spec: ExperimentSpec) -> Behaviour { behaviour.withLock { $0[spec.candidateID] } ?? fallback }

    func start(_ spec: ExperimentSpec) async throws(LiveEnvironmentError) -> String {
        calls.withLock { $0.starts.append(spec.id) }
        if behaviour(for: spec).failStarts { throw .commandFailed(command: "scripted start", status: "exit 4", stderrTail: "cannot serve") }
        return "h-" + spec.id
    }

    func poll(_ spec: ExperimentSpec, handle: String, afterDay: Int) async throws(LiveEnvironmentError) -> PollReport {
        calls.withLock { $0.polls.append((spec.id, afterDay)) }
        let b = behaviour(for: spec)
        if b.failPolls { throw .commandFailed(command: "scripted poll", status: "exit 3", stderrTail: "platform down") }
        let day = afterDay + 1
        var rng = SeededGenerator(seed: spec.seed &+ UInt64(day) &* 7919)
        let control = 0.8 + 0.01 * Double.random(in: -1...1, using: &rng)
        let day0 = DayMetrics(
            day: day, control: ["satisfaction": control, "active_users": 1000],
            treatment: ["satisfaction": control * (1 + b.satisfactionChange) + 0.002 * Double.random(in: -1...1, using: &rng), "active_users": 1000])
        var cohorts: [CohortObservations] = []
        let cohortDay = day - b.window + 1
        if cohortDay >= 0 {
            func values(_ scale: Double) -> [Double] {
                (0..<b.usersPerCohort).map { _ in max(0, 100 * scale + 30 * Self.gaussian(&rng)) }
            }
            cohorts.append(CohortObservations(cohortDay: cohortDay, control: values(1), treatment: values(1 + b.lift)))
        }
        return PollReport(days: [day0], cohorts: cohorts)
    }

    func stop(_ spec: ExperimentSpec, handle: String, reason: String) async throws(LiveEnvironmentError) {
        calls.withLock { $0.stops.append(spec.id) }
    }

    static func gaussian(_ rng: inout SeededGenerator) -> Double {
        let u = Double.random(in: Double.ulpOfOne..<1, using: &rng), v = Double.random(in: 0..<1, using: &rng)
        return (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
    }
}

/// A policy with no approval rules, for tests of the experiment path itself.
func withoutApprovalRules(_ policy: Policy) -> Policy {
    var p = policy
    p.approval = Policy.Approval(rules: [])
    return p
}
