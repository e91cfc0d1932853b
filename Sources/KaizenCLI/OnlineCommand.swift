import ArgumentParser
import Foundation
import KaizenCore
import KaizenOnline
import KaizenPolicy
import KaizenWorkspace

/// `kaizen online step`: one tick of the online agent.
struct OnlineCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "online", abstract: "The online agent: select candidates, run A/B experiments, decide launches.",
        subcommands: [Step.self])

    struct Step: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "One online tick: resume, poll and decide running experiments; select (asking for approval where policy says); start what the budgets allow.")
        @Option(help: "The launch test for experiments started now; overrides launch.test and online.test.")
        var test: LaunchTestArgument?
        @Option(help: "Ticks to run one after another (each advances the built-in world by online.days_per_step days).")
        var steps: Int = 1
        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions

        func validate() throws {
            guard steps >= 1 else { throw ValidationError("--steps must be at least 1") }
        }

        func run() async throws {
            let workspace = try global.openWorkspace()
            let logger = global.logger("kaizen.online", config: workspace.config)
            let store = try workspace.openStore(logger: global.logger("kaizen.store", config: workspace.config))
            let agent = try workspace.onlineAgent(test: test?.test, store: store, logger: logger)
            var reports: [OnlineStepReport] = []
            for _ in 0..<steps {
                let report = try await agent.step()
                reports.append(report)
                if !output.json { Self.show(report) }
            }
            if output.json { printJSON(steps == 1 ? reports[0].json : .array(reports.map(\.json))) }
            if reports.contains(where: { !$0.events(.error).isEmpty }) { throw ExitCode(1) }
        }

        static func show(_ report: OnlineStepReport) {
            print("production config \(report.productionID)")
            if report.events.isEmpty { print("  nothing to do: no running experiment and no scored candidate better than production") }
            for event in report.events { print("  \(event.kind.rawValue.padding(toLength: 17, withPad: " ", startingAt: 0)) \(event.subject)  \(event.message)") }
        }
    }
}

struct LaunchTestArgument: ExpressibleByArgument {
    let test: Policy.Launch.Test
    init?(argument: String) {
        guard let test = Policy.Launch.Test(rawValue: argument) else { return nil }
        self.test = test
    }
    static var allValueStrings: [String] { Policy.Launch.Test.allCases.map(\.rawValue) }
}
