import ArgumentParser
import Foundation
import KaizenOnline
import KaizenWorkspace

/// `kaizen status`: where the loop stands, on one screen. Reads the store only, so it works
/// from another shell while `kaizen run` is going; `StatusSnapshot` does the gathering.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Production and its history, candidates by state and the best per persona, running experiments, pending approvals, budgets spent today, calibration and the latest run.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let (workspace, store) = try global.openStore()
        // A broken policy file must not hide the rest of the status: it is shown in its place.
        let budgets = Result { try workspace.loadPolicy().budgets }
        let snapshot = try StatusSnapshot.load(
            store: store, budgets: budgets, model: workspace.llmModel, initialProduction: try workspace.defaultProductionConfig())
        if output.json { return printJSON(snapshot.json) }
        for line in snapshot.lines { print(line) }
    }
}
