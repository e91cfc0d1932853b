import ArgumentParser
import Foundation
import KaizenCore
import KaizenStore
import KaizenWorkspace

/// `kaizen review list|approve|reject`: a person's decision on candidates that policy holds
/// for approval before they go live.
struct ReviewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review", abstract: "Candidates awaiting a person's approval, and the decision on them.",
        subcommands: [List.self, Approve.self, Reject.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Pending approval requests, oldest first, with the rules that fired.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let (_, store) = try global.openStore()
            let pending = try store.approvals().filter { $0.decision == nil }
            if output.json {
                var rows: [JSONValue] = []
                for a in pending {
                    let c = try store.candidate(a.candidateID)
                    rows.append(.object([
                        "candidate": .string(a.candidateID), "persona": .string(c.persona.rawValue), "rules": .array(a.rules.map(JSONValue.string)),
                        "facts": a.facts, "delta": c.delta ?? .null, "hypothesis": .string(c.hypothesis),
                        "requested_at": .string(a.requestedAt.formatted(.iso8601)),
                    ]))
                }
                return printJSON(.array(rows))
            }
            if pending.isEmpty { print("Nothing awaits approval.") }
            for a in pending {
                let c = try store.candidate(a.candidateID)
                print("\(a.candidateID)  \(c.persona.rawValue)  rules: \(a.rules.joined(separator: ", "))")
                print("    delta: \(c.delta?.canonicalText ?? "-")")
                print("    hypothesis: \(c.hypothesis)")
                print("    facts: \(a.facts.canonicalText)")
            }
        }
    }

    struct Approve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Approve a candidate: the next online step may start its experiment.")
        @OptionGroup var decision: DecisionOptions
        func run() async throws { try decision.record(approve: true) }
    }

    struct Reject: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Reject a candidate: it never goes live.")
        @OptionGroup var decision: DecisionOptions
        func run() async throws { try decision.record(approve: false) }
    }

    struct DecisionOptions: ParsableArguments {
        @Argument(help: "The candidate id (see `kaizen review list`).")
        var id: String
        @Option(help: "Why; kept with the decision and in the audit log.")
        var note: String?
        @Option(help: "Who decides; kept in the audit log.")
        var actor: String = ProcessInfo.processInfo.environment["USER"] ?? "reviewer"
        @OptionGroup var global: GlobalOptions

        func record(approve: Bool) throws {
            let (_, store) = try global.openStore()
            try store.decideApproval(id, approve: approve, actor: actor, note: note)
            print("\(id): \(approve ? "approved" : "rejected") by \(actor)")
        }
    }
}
