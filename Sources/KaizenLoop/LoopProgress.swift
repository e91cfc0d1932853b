import Foundation
import KaizenCore

/// A snapshot of where a run stands, for the terminal display, plain log lines and the
/// Prometheus endpoint. The loop publishes one after every step and at least once a second.
public struct LoopProgress: Sendable, Equatable {
    /// What the loop is doing now.
    public enum Phase: String, Sendable, Equatable {
        case starting, proposing, training, online, waiting, finished
    }

    /// The cycle in hand, from 1.
    public var cycle = 0
    public var phase = Phase.starting
    /// The persona being proposed for, in the `proposing` phase.
    public var persona: Persona?
    /// Candidates in the store per lifecycle state (all runs).
    public var candidates: [LifecycleState: Int] = [:]
    /// Experiments starting or running.
    public var experimentsLive = 0
    /// Candidates waiting for a person.
    public var approvalsWaiting = 0
    /// What this run has done so far (counts accumulate across resumed processes).
    public var summary = LoopSummary()
    /// LLM spend of this run and of today (UTC).
    public var spend = LoopSpend()
    /// Days the live environment advanced in this run.
    public var days = 0
    /// Seconds since this process started the run.
    public var elapsedSeconds = 0.0
    /// Seconds trainer workers spent training in this process, summed over workers, and
    /// how many workers there are.
    public var trainingBusySeconds = 0.0
    public var trainingWorkers = 0

    public init() {}

    public func count(_ state: LifecycleState) -> Int { candidates[state] ?? 0 }
}

/// LLM tokens and money, per run and per UTC day, counted from `llm_calls`.
public struct LoopSpend: Sendable, Equatable {
    public var runTokens = 0
    public var runUSD = 0.0
    public var todayTokens = 0
    public var todayUSD = 0.0
    /// Why proposing stopped, once a budget ran out.
    public var exhausted: String?

    public init() {}
}

/// Receives the loop's progress. Implementations must be cheap: the loop calls them inline.
public protocol LoopObserver: Sendable {
    /// A new snapshot.
    func update(_ progress: LoopProgress)
    /// Something worth a log line: a round's result, an experiment started or decided.
    func note(_ line: String, progress: LoopProgress)
}
