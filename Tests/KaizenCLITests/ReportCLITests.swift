import Foundation
import KaizenCore
import KaizenStore
import Testing

/// `kaizen report`'s money: LLM spend in US dollars at the model's price in budgets.yaml.
@Suite struct ReportCLITests {
    func report(_ dir: URL) throws -> String {
        let out = dir.appending(path: "report-out")
        let result = try CLI.run(["report", "--out", out.path, "--workspace", dir.path])
        #expect(result.status == 0, "\(result.stderr)")
        return try String(contentsOf: out.appending(path: "report.html"), encoding: .utf8)
    }

    @Test func spendIsShownInDollarsAtTheModelsPrice() throws {
        let dir = try CLI.tinyWorkspace()
        try StatusCLITests.price(dir, prompt: "0.5", completion: "1.5")
        let store = try Store.open(at: dir.appending(path: ".kaizen/kaizen.sqlite"))
        // $0.50 + $3.00, then $0.25: $3.75 in all.
        try StatusCLITests.llmCall(store, prompt: 1000, completion: 2000, at: Date().addingTimeInterval(-60))
        try StatusCLITests.llmCall(store, prompt: 500, completion: 0)
        let html = try report(dir)
        #expect(html.contains("<tr><th>LLM tokens</th><td>3500 (1500 prompt, 2000 completion)</td></tr>"))
        #expect(html.contains("<tr><th>LLM spend (USD)</th><td>$3.7500 at the price of gemma-3-270m</td></tr>"), "\(html)")
        #expect(html.contains("cumulative US dollars"))
        #expect(html.contains("<title>$3.5000 by ") && html.contains("<title>$3.7500 by "))
        #expect(html.components(separatedBy: "<svg").count - 1 == 5)
        #expect(!html.contains("<script"))
    }

    @Test func anUnpricedModelShowsTheMoneyAsUnknownNotFree() throws {
        let dir = try CLI.tinyWorkspace()
        let file = dir.appending(path: "Policies/budgets.yaml")
        try String(contentsOf: file, encoding: .utf8).replacingOccurrences(of: "- model: gemma-3-270m", with: "- model: another-model")
            .write(to: file, atomically: true, encoding: .utf8)
        try StatusCLITests.llmCall(try Store.open(at: dir.appending(path: ".kaizen/kaizen.sqlite")), prompt: 100, completion: 20)
        let html = try report(dir)
        #expect(html.contains("<td>unknown: model gemma-3-270m has no price in Policies/budgets.yaml</td>"))
        #expect(html.contains("no price for the model, so no dollar figure"))
        #expect(!html.contains("$0.0000"))
    }
}
