import ArgumentParser
import Foundation
import KaizenAgent
import KaizenCore
import KaizenStore
import KaizenWorkspace

/// `kaizen production show|history|rollback`.
struct ProductionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "production", abstract: "The production config: what serves now, its history, and rollback.",
        subcommands: [Show.self, History.self, Rollback.self])

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The production config now (`--json` prints the config itself).")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let (workspace, store) = try global.openStore()
            let record = try workspace.ensureProduction(store: store)
            if output.json { return printJSON(record.config) }
            print("production config \(record.id) (\(record.action.rawValue)\(record.candidateID.map { " of \($0)" } ?? ""), \(record.at.formatted(.iso8601)), fingerprint \(record.fingerprint.prefix(12)))")
            print(record.config.prettyText)
        }
    }

    struct History: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Every production config, oldest first: initial, launches and rollbacks.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let (workspace, store) = try global.openStore()
            _ = try workspace.ensureProduction(store: store)
            let history = try store.productionHistory()
            if output.json {
                printJSON(.array(history.map { r in
                    .object([
                        "id": .number(Double(r.id)), "action": .string(r.action.rawValue), "candidate": r.candidateID.map(JSONValue.string) ?? .null,
                        "experiment": r.experimentID.map(JSONValue.string) ?? .null, "actor": .string(r.actor),
                        "reason": r.reason.map(JSONValue.string) ?? .null, "at": .string(r.at.formatted(.iso8601)),
                        "fingerprint": .string(r.fingerprint), "config": r.config,
                    ])
                }))
                return
            }
            let current = history.last?.id
            for r in history {
                let marker = r.id == current ? "*" : " "
                var line = "\(marker) \(r.id)  \(r.at.formatted(.iso8601))  \(r.action.rawValue)"
                if let c = r.candidateID { line += "  candidate \(c)" }
                if let e = r.experimentID { line += "  experiment \(e)" }
                line += "  by \(r.actor)"
                print(line)
                if let reason = r.reason { print("      \(reason)") }
            }
        }
    }

    struct Rollback: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Restore an earlier production config (default: the one before the current), as a new audited history entry.")
        @Option(help: "The history entry to restore (see `kaizen production history`).")
        var to: Int64?
        @Option(help: "Why; kept in the audit log.")
        var reason: String?
        @Option(help: "Who is rolling back; kept in the audit log.")
        var actor: String = ProcessInfo.processInfo.environment["USER"] ?? "operator"
        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let (workspace, store) = try global.openStore()
            _ = try workspace.ensureProduction(store: store)
            let record = try store.rollbackProduction(to: to, actor: actor, reason: reason)
            if output.json { return printJSON(["id": .number(Double(record.id)), "fingerprint": .string(record.fingerprint), "config": record.config]) }
            print("production is now config \(record.id): \(record.reason ?? "rollback")")
        }
    }
}
