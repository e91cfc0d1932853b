import ArgumentParser
import Foundation
import KaizenAgent
import KaizenCore
import KaizenWorkspace

/// `kaizen journal`: candidates with their state and metrics, best first.
struct JournalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "journal", abstract: "List candidates with state and metrics, best first (by each persona's objective).")

    @Option(help: "Only this persona.")
    var persona: PersonaArgument?
    @Option(help: "At most this many entries.")
    var limit: Int = 100
    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let (workspace, store) = try global.openStore()
        let production = try workspace.productionConfig(store: store)
        let journal = try JournalSnapshot.load(store: store, persona: persona?.persona, productionFingerprint: Fingerprint.ofConfig(production))
        // Scored first, best first by their persona's objective; then the rest, newest first.
        let ranked = journal.ranked
        let rankedIDs = Set(ranked.map(\.candidate.id))
        let rest = journal.entries.filter { !rankedIDs.contains($0.candidate.id) }
        let entries = Array((ranked + rest).prefix(limit))
        if output.json {
            printJSON(.object([
                "baseline": journal.baseline.map { entryJSON($0) } ?? .null,
                "candidates": .array(entries.map(entryJSON)),
            ]))
            return
        }
        if let baseline = journal.baseline {
            print("production baseline \(baseline.candidate.id) [\(baseline.candidate.state.rawValue)] " + summary(baseline.metrics))
        }
        if entries.isEmpty { print("The journal is empty. Run `kaizen propose --persona optimizer` to start it.") }
        for entry in entries {
            let c = entry.candidate
            print("\(c.id)  \(c.persona.rawValue)  \(c.state.rawValue)  \(c.proposer)  \(c.delta?.canonicalText ?? "-")")
            print("    \(entry.resultText(baselineMetrics: journal.baseline?.metrics))")
        }
    }

    private func summary(_ metrics: [String: Double]) -> String {
        ["val_logloss", "auc", "ndcg@10", "ltv_kendall_tau"].compactMap { name in metrics[name].map { "\(name) \(String(format: "%.4f", $0))" } }.joined(separator: ", ")
    }

    private func entryJSON(_ entry: JournalEntry) -> JSONValue {
        let c = entry.candidate
        return [
            "id": .string(c.id), "persona": .string(c.persona.rawValue), "state": .string(c.state.rawValue),
            "proposer": .string(c.proposer), "hypothesis": .string(c.hypothesis), "delta": c.delta ?? .null,
            "reason": c.reason.map(JSONValue.string) ?? .null, "near": c.nearID.map(JSONValue.string) ?? .null,
            "attempts": .number(Double(c.attempts)), "score": entry.score.map(JSONValue.number) ?? .null,
            "metrics": .object(entry.metrics.mapValues(JSONValue.number)),
        ]
    }
}
