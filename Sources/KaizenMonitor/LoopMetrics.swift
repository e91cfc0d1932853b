import KaizenCore
import KaizenLoop
import Metrics

/// Publishes the loop's progress as swift-metrics gauges, so any backend (Prometheus here)
/// can scrape a running `kaizen run`.
///
/// Everything is a gauge, run totals included: a resumed run reads its totals back from the
/// store, so they are set to the snapshot's value rather than incremented.
/// The phase is a one-hot family, `kaizen_phase{phase="…"}`: 1 for the current phase and
/// 0 for the others, so `kaizen_phase{phase="training"} == 1` works in alerts and a
/// phase change never leaves a stale series behind.
///
/// The factory is injected, never taken from `MetricsSystem`, because bootstrapping is
/// process-global and belongs to the executable, not a library. Gauges are created once,
/// in `init`, so every series exists (at 0) before the first snapshot and `update` is only
/// a few dozen atomic stores: the loop calls observers inline.
public final class LoopMetrics: LoopObserver, Sendable {
    /// Every phase, in the loop's order (`Phase` is not `CaseIterable`).
    private static let phases: [LoopProgress.Phase] = [.starting, .proposing, .training, .online, .waiting, .finished]
    /// Never called: a new phase makes this switch non-exhaustive, so the build fails here
    /// until `phases` lists it too.
    private static func listed(_ phase: LoopProgress.Phase) {
        switch phase {
        case .starting, .proposing, .training, .online, .waiting, .finished: break
        }
    }

    private let cycle: Gauge
    private let candidates: [(state: LifecycleState, gauge: Gauge)]
    private let experimentsLive: Gauge
    private let approvalsWaiting: Gauge
    private let runTokens: Gauge
    private let todayTokens: Gauge
    private let runUSD: Gauge
    private let todayUSD: Gauge
    private let days: Gauge
    private let runSeconds: Gauge
    private let trainingBusySeconds: Gauge
    private let trainingWorkers: Gauge
    private let phase: [(phase: LoopProgress.Phase, gauge: Gauge)]
    private let proposed: Gauge
    private let valid: Gauge
    private let rejected: Gauge
    private let experimentsStarted: Gauge
    private let decisions: Gauge
    private let launches: Gauge
    private let awaitingApproval: Gauge

    /// Registers every series with `factory` (for Prometheus: `PrometheusMetricsFactory(registry:)`).
    public init(factory: any MetricsFactory) {
        func gauge(_ name: String, _ dimensions: [(String, String)] = []) -> Gauge {
            Gauge(label: name, dimensions: dimensions, factory: factory)
        }
        cycle = gauge("kaizen_cycle")
        candidates = LifecycleState.allCases.map { ($0, gauge("kaizen_candidates", [("state", $0.rawValue)])) }
        experimentsLive = gauge("kaizen_experiments_live")
        approvalsWaiting = gauge("kaizen_approvals_waiting")
        runTokens = gauge("kaizen_llm_tokens", [("scope", "run")])
        todayTokens = gauge("kaizen_llm_tokens", [("scope", "today")])
        runUSD = gauge("kaizen_llm_usd", [("scope", "run")])
        todayUSD = gauge("kaizen_llm_usd", [("scope", "today")])
        days = gauge("kaizen_days")
        runSeconds = gauge("kaizen_run_seconds")
        trainingBusySeconds = gauge("kaizen_training_busy_seconds")
        trainingWorkers = gauge("kaizen_training_workers")
        phase = Self.phases.map { ($0, gauge("kaizen_phase", [("phase", $0.rawValue)])) }
        proposed = gauge("kaizen_run_proposed")
        valid = gauge("kaizen_run_valid")
        rejected = gauge("kaizen_run_rejected")
        experimentsStarted = gauge("kaizen_run_experiments_started")
        decisions = gauge("kaizen_run_decisions")
        launches = gauge("kaizen_run_launches")
        awaitingApproval = gauge("kaizen_run_awaiting_approval")
    }

    public func update(_ progress: LoopProgress) {
        cycle.record(progress.cycle)
        for (state, gauge) in candidates { gauge.record(progress.count(state)) }
        experimentsLive.record(progress.experimentsLive)
        approvalsWaiting.record(progress.approvalsWaiting)
        runTokens.record(progress.spend.runTokens)
        todayTokens.record(progress.spend.todayTokens)
        runUSD.record(progress.spend.runUSD)
        todayUSD.record(progress.spend.todayUSD)
        days.record(progress.days)
        runSeconds.record(progress.elapsedSeconds)
        trainingBusySeconds.record(progress.trainingBusySeconds)
        trainingWorkers.record(progress.trainingWorkers)
        for (phase, gauge) in phase { gauge.record(phase == progress.phase ? 1 : 0) }
        let summary = progress.summary
        proposed.record(summary.proposed)
        valid.record(summary.valid)
        rejected.record(summary.rejected)
        experimentsStarted.record(summary.experimentsStarted)
        decisions.record(summary.decisions)
        launches.record(summary.launches)
        awaitingApproval.record(summary.awaitingApproval)
    }

    /// Notes carry no numbers of their own; the snapshot that comes with them is recorded.
    public func note(_ line: String, progress: LoopProgress) {
        update(progress)
    }
}
