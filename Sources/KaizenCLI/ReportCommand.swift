import ArgumentParser
import Foundation
import KaizenAgent
import KaizenReport
import KaizenWorkspace

/// `kaizen report`: writes the HTML report.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write a self-contained HTML page (SVG charts, no script): production's north star and launches, offline versus online, candidates' fates, LLM spend in tokens and US dollars.")
    @Option(help: "The folder to write report.html into (default: .kaizen/report in the workspace).")
    var out: String?
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let (workspace, store) = try global.openStore()
        let folder = out.map { URL(fileURLWithPath: $0, isDirectory: true) } ?? workspace.root.appending(path: ".kaizen/report")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appending(path: "report.html")
        // Without a readable policy the page still renders; only the dollar figures are unknown.
        let pricing = (try? workspace.loadPolicy()).map { LLMPricing(budgets: $0.budgets, model: workspace.llmModel) }
        try LoopReport.html(store: store, pricing: pricing).write(to: file, atomically: true, encoding: .utf8)
        print(file.path)
    }
}
