import ArgumentParser
import Dispatch
import Foundation
import KaizenAgent
import KaizenCore
import KaizenLoop
import KaizenOnline
import KaizenPolicy
import KaizenStore
import KaizenWorkspace
import Logging

/// `kaizen run`: the unattended loop.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the loop: an offline round per persona, online steps, repeat; training runs alongside.",
        discussion: """
            Stops at --cycles, --days or --duration, when a budget from Policies/budgets.yaml stops proposing and no \
            experiment is left to poll, or on SIGINT/SIGTERM, which finish the step in hand, store it and exit 0 with a \
            summary. `kaizen run` on a workspace whose last run was interrupted or killed continues that run (its \
            cycles, days and counts) unless --new is given; training jobs a kill interrupted are re-queued once.
            """)

    @Option(help: "Cycles to run in all, counting those of a resumed run (default: until another limit or a signal).")
    var cycles: Int?
    @Option(help: "Days the live environment may advance: simulated days on the built-in world, calendar days for a command environment.")
    var days: Int?
    @Option(help: "Wall-clock limit for this process, e.g. 90s, 10m, 2h.")
    var duration: DurationArgument?
    @Option(help: "Proposals per persona round.")
    var count: Int = 3
    @Option(help: "Online steps per cycle (each advances the built-in world by online.days_per_step days).")
    var onlineSteps: Int = 1
    @Option(help: "Who proposes (default: agent.proposer in kaizen.yaml).")
    var proposer: ProposerArgument?
    @Option(help: "The launch test for experiments started by this run; overrides launch.test and online.test.")
    var test: LaunchTestArgument?
    @Flag(help: "Start a new run even if the last one was interrupted.")
    var new = false
    @Option(help: "Serve Prometheus metrics on http://127.0.0.1:PORT/metrics while the run lasts (0 picks a free port).")
    var metricsPort: Int?
    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if let cycles, cycles < 1 { throw ValidationError("--cycles must be at least 1") }
        if let days, days < 1 { throw ValidationError("--days must be at least 1") }
        guard (1...100).contains(count) else { throw ValidationError("--count must be between 1 and 100") }
        guard onlineSteps >= 0 else { throw ValidationError("--online-steps must not be negative") }
        if let metricsPort, !(0...65_535).contains(metricsPort) { throw ValidationError("--metrics-port must be between 0 and 65535") }
    }

    func run() async throws {
        let (workspace, store) = try global.openStore()
        let logger = global.logger("kaizen.run", config: workspace.config)
        let policy = try workspace.loadPolicy()  // a malformed policy stops the run before it starts
        let lock = try RunLock(path: workspace.stateURL.appending(path: "run.lock").path)
        defer { withExtendedLifetime(lock) {} }
        let services = try WorkspaceLoopServices(
            workspace: workspace, store: store, proposer: proposer?.kind, test: test?.test, logger: logger)
        let settings = try loopSettings(workspace: workspace, policy: policy)

        let display = output.json ? nil : ProgressDisplay()
        var observers: [any LoopObserver] = display.map { [$0] } ?? []
        var monitor: RunMonitor?
        if let metricsPort { monitor = try await RunMonitor.start(port: metricsPort, logger: logger) }
        if let monitor {
            observers.append(monitor.observer)
            FileHandle.standardError.write(Data("metrics: http://127.0.0.1:\(monitor.port)/metrics\n".utf8))
        }
        let stop = StopFlag()
        let signals = Self.handleSignals(stop)
        defer { signals.forEach { $0.cancel() } }
        let summary: LoopSummary
        do {
            summary = try await RunLoop(store: store, services: services, settings: settings, logger: logger)
                .run(stop: stop, observer: observers.isEmpty ? nil : ObserverGroup(observers: observers))
        } catch {
            display?.finish()
            await monitor?.stop()
            throw error
        }
        display?.finish()
        await monitor?.stop()
        if output.json { printJSON(summary.json) } else { print(summary.line) }
    }

    private func loopSettings(workspace: Workspace, policy: Policy) throws -> LoopSettings {
        var settings = LoopSettings(cycles: cycles)
        settings.days = days
        settings.duration = duration?.duration
        settings.proposalsPerRound = count
        settings.onlineStepsPerCycle = onlineSteps
        settings.resume = !new
        settings.budgets = policy.budgets
        settings.daysPerStep = workspace.config.online.environment == .world ? workspace.config.online.daysPerStep : nil
        let kind = proposer?.kind ?? ProposerKind(rawValue: workspace.config.agent.proposer) ?? .hybrid
        settings.proposerUsesLLM = kind.usesLLM
        settings.llmModel = workspace.llmModel
        if workspace.config.code != nil {
            // Code mode: the architecture persona writes models; there is no live
            // environment to run experiments in, so a cycle is one offline round.
            settings.personas = [.architecture]
            settings.onlineStepsPerCycle = 0
            settings.daysPerStep = nil
            settings.proposerUsesLLM = true
        }
        return settings
    }

    /// SIGINT and SIGTERM set the stop flag instead of killing the process.
    static func handleSignals(_ stop: StopFlag) -> [any DispatchSourceSignal] {
        [(SIGINT, "SIGINT"), (SIGTERM, "SIGTERM")].map { number, name in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { stop.set("\(name) received; the step in hand was finished and stored") }
            source.resume()
            return source
        }
    }
}
