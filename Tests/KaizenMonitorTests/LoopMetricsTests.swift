import KaizenCore
import KaizenLoop
import KaizenMonitor
import Prometheus
import Testing

/// The gauges as Prometheus renders them: what a scraper of `kaizen run` actually sees.
@Suite struct LoopMetricsTests {
    /// A snapshot with a distinct value in every field, so a swapped field shows.
    static func progress() -> LoopProgress {
        var progress = LoopProgress()
        progress.cycle = 4
        progress.phase = .training
        progress.candidates = [.scored: 3, .live: 1, .awaitingApproval: 2]
        progress.experimentsLive = 1
        progress.approvalsWaiting = 2
        progress.spend.runTokens = 1234
        progress.spend.runUSD = 0.5
        progress.spend.todayTokens = 5000
        progress.spend.todayUSD = 1.25
        progress.days = 7
        progress.elapsedSeconds = 90.5
        progress.trainingBusySeconds = 42.25
        progress.trainingWorkers = 2
        progress.summary.proposed = 10
        progress.summary.valid = 8
        progress.summary.rejected = 2
        progress.summary.experimentsStarted = 3
        progress.summary.decisions = 6
        progress.summary.launches = 5
        progress.summary.awaitingApproval = 9
        return progress
    }

    /// The registry's exposition text, one line per element.
    static func lines(_ registry: PrometheusCollectorRegistry) -> Set<Substring> {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return Set(String(decoding: buffer, as: UTF8.self).split(separator: "\n"))
    }

    @Test func aSnapshotBecomesTheExpectedExpositionLines() {
        let registry = PrometheusCollectorRegistry()
        let metrics = LoopMetrics(factory: PrometheusMetricsFactory(registry: registry))
        metrics.update(Self.progress())

        let lines = Self.lines(registry)
        let expected = [
            "# TYPE kaizen_cycle gauge",
            "kaizen_cycle 4.0",
            "# TYPE kaizen_candidates gauge",
            #"kaizen_candidates{state="scored"} 3.0"#,
            #"kaizen_candidates{state="live"} 1.0"#,
            #"kaizen_candidates{state="awaiting-approval"} 2.0"#,
            #"kaizen_candidates{state="proposed"} 0.0"#,
            #"kaizen_candidates{state="not-launched"} 0.0"#,
            "kaizen_experiments_live 1.0",
            "kaizen_approvals_waiting 2.0",
            #"kaizen_llm_tokens{scope="run"} 1234.0"#,
            #"kaizen_llm_tokens{scope="today"} 5000.0"#,
            #"kaizen_llm_usd{scope="run"} 0.5"#,
            #"kaizen_llm_usd{scope="today"} 1.25"#,
            "kaizen_days 7.0",
            "kaizen_run_seconds 90.5",
            "kaizen_training_busy_seconds 42.25",
            "kaizen_training_workers 2.0",
            #"kaizen_phase{phase="training"} 1.0"#,
            #"kaizen_phase{phase="proposing"} 0.0"#,
            #"kaizen_phase{phase="finished"} 0.0"#,
            "kaizen_run_proposed 10.0",
            "kaizen_run_valid 8.0",
            "kaizen_run_rejected 2.0",
            "kaizen_run_experiments_started 3.0",
            "kaizen_run_decisions 6.0",
            "kaizen_run_launches 5.0",
            "kaizen_run_awaiting_approval 9.0",
        ]
        for line in expected {
            #expect(lines.contains(Substring(line)), "missing: \(line)")
        }
    }

    @Test func everyLifecycleStateAndPhaseHasASeriesBeforeTheFirstSnapshot() {
        let registry = PrometheusCollectorRegistry()
        let metrics = LoopMetrics(factory: PrometheusMetricsFactory(registry: registry))
        _ = metrics

        let lines = Self.lines(registry)
        for state in LifecycleState.allCases {
            #expect(lines.contains(Substring(#"kaizen_candidates{state="\#(state.rawValue)"} 0.0"#)), "no series for \(state)")
        }
        #expect(lines.filter { $0.hasPrefix("kaizen_candidates{") }.count == LifecycleState.allCases.count)
        #expect(lines.filter { $0.hasPrefix("kaizen_phase{") }.count == 6)
        #expect(lines.contains("kaizen_run_proposed 0.0"))
        #expect(lines.contains("kaizen_cycle 0.0"))
    }

    @Test func laterSnapshotsOverwriteRatherThanAccumulate() {
        let registry = PrometheusCollectorRegistry()
        let metrics = LoopMetrics(factory: PrometheusMetricsFactory(registry: registry))
        metrics.update(Self.progress())

        var later = Self.progress()
        later.cycle = 5
        later.phase = .online
        later.candidates = [.scored: 1, .selected: 2]  // scored went down: candidates moved on
        later.summary.proposed = 4  // a resumed run's totals are set, never added to
        metrics.note("experiment started", progress: later)

        let lines = Self.lines(registry)
        #expect(lines.contains("kaizen_cycle 5.0"))
        #expect(lines.contains(#"kaizen_candidates{state="scored"} 1.0"#))
        #expect(lines.contains(#"kaizen_candidates{state="selected"} 2.0"#))
        #expect(lines.contains(#"kaizen_candidates{state="live"} 0.0"#))
        #expect(lines.contains("kaizen_run_proposed 4.0"))
        #expect(lines.contains(#"kaizen_phase{phase="online"} 1.0"#))
        #expect(lines.contains(#"kaizen_phase{phase="training"} 0.0"#))
        #expect(lines.filter { $0.hasPrefix("kaizen_phase{") && $0.hasSuffix(" 1.0") }.count == 1)
    }
}
