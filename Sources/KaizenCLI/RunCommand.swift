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
        abstract: "Run the loop: an offline round per persona (training pipelined), then online steps; repeat.",
        discussion: "SIGINT or SIGTERM finishes the step in hand, stores it and exits 0 with a summary. A killed run resumes its queued training on the next `kaizen run`.")

    @Option(help: "Cycles to run (default: until stopped).")
    var cycles: Int?
    @Option(help: "Proposals per persona round.")
    var count: Int = 3
    @Option(help: "Online steps per cycle (each advances the built-in world by online.days_per_step days).")
    var onlineSteps: Int = 1
    @Option(help: "Who proposes (default: agent.proposer in kaizen.yaml).")
    var proposer: ProposerArgument?
    @Option(help: "The launch test for experiments started by this run; overrides launch.test and online.test.")
    var test: LaunchTestArgument?
    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if let cycles, cycles < 1 { throw ValidationError("--cycles must be at least 1") }
        guard (1...100).contains(count) else { throw ValidationError("--count must be between 1 and 100") }
        guard onlineSteps >= 0 else { throw ValidationError("--online-steps must not be negative") }
    }

    func run() async throws {
        let (workspace, store) = try global.openStore()
        let logger = global.logger("kaizen.run", config: workspace.config)
        _ = try workspace.loadPolicy()  // a malformed policy stops the run before it starts
        var settings = LoopSettings(cycles: cycles)
        settings.proposalsPerRound = count
        settings.onlineStepsPerCycle = onlineSteps
        let services = WorkspaceLoopServices(
            workspace: workspace, store: store, proposer: proposer?.kind, test: test?.test, logger: logger)
        let stop = StopFlag()
        let signals = Self.handleSignals(stop)
        defer { signals.forEach { $0.cancel() } }
        let json = output.json
        let summary = try await RunLoop(store: store, services: services, settings: settings, logger: logger)
            .run(stop: stop) { line in if !json { print(line); fflush(nil) } }
        if json { printJSON(summary.json) } else { print(summary.line) }
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

/// Builds the agents from the workspace each cycle, so they see the current production.
struct WorkspaceLoopServices: LoopServices {
    let workspace: Workspace
    let store: Store
    let proposer: ProposerKind?
    let test: Policy.Launch.Test?
    let logger: Logger

    func offline() async throws -> (agent: OfflineAgent, pool: TrainingPool) {
        let environment = try workspace.agentEnvironment(proposer: proposer, logger: logger)
        return (environment.agent, environment.pool)
    }

    func online() async throws -> OnlineAgent {
        try workspace.onlineAgent(test: test, store: store, logger: logger)
    }
}
