import ArgumentParser
import Foundation
import KaizenCore
import KaizenReview
import KaizenStore
import KaizenWorkspace

/// `kaizen review list|show|approve|reject|retrain`: a person's decision on candidates that
/// policy holds for approval before they go live.
struct ReviewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review", abstract: "Candidates awaiting a person's approval, and the decision on them.",
        subcommands: [List.self, Show.self, Approve.self, Reject.self, Retrain.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Candidates awaiting approval, oldest first.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let (_, store) = try global.openStore()
            let queue = try ReviewQueue.load(store: store)
            let now = Date()
            if output.json { return printJSON(.array(queue.map { ReviewJSON.item($0, now: now) })) }
            print(ReviewText.queue(queue, now: now))
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Everything about one candidate: hypothesis, diff against production, metrics, training curve, evidence, risks.")
        @Argument(help: "The candidate id (see `kaizen review list`).")
        var id: String
        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let (workspace, store) = try global.openStore()
            let review = try CandidateReview.load(store: store, id: id, guardrails: (try? workspace.loadPolicy())?.guardrails)
            if output.json { return printJSON(ReviewJSON.review(review)) }
            print(ReviewText.review(review))
        }
    }

    struct Approve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Approve a candidate: the next online step may start its experiment.")
        @OptionGroup var decision: DecisionOptions
        @Option(help: "Why; kept with the decision.")
        var note: String?
        @Flag(help: "Approve although production changed since it was proposed.")
        var stale = false

        func run() async throws {
            let (desk, reviewer) = try decision.desk()
            try desk.approve(decision.id, by: reviewer, note: note, asStale: stale)
            print("\(decision.id): approved by \(reviewer.name)\(stale ? " (as stale)" : "")")
        }
    }

    struct Reject: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Reject a candidate: it never goes live.")
        @OptionGroup var decision: DecisionOptions
        @Option(help: "Why (required); kept with the decision.")
        var reason: String

        func run() async throws {
            let (desk, reviewer) = try decision.desk()
            try desk.reject(decision.id, by: reviewer, reason: reason)
            print("\(decision.id): rejected by \(reviewer.name)")
        }
    }

    struct Retrain: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Re-train a stale candidate's change on the current production config (the old one is closed as superseded).")
        @OptionGroup var decision: DecisionOptions

        func run() async throws {
            let (desk, reviewer) = try decision.desk()
            let fresh = try desk.retrain(decision.id, by: reviewer)
            print("\(decision.id): superseded by \(fresh), queued for training on current production (`kaizen run` or `kaizen train` trains it)")
        }
    }

    /// The candidate and who decides, for approve, reject and retrain.
    struct DecisionOptions: ParsableArguments {
        @Argument(help: "The candidate id (see `kaizen review list`).")
        var id: String
        @Option(help: "Who decides; recorded with the decision and in the audit log.")
        var by: String
        @OptionGroup var global: GlobalOptions

        func desk() throws -> (ReviewDesk, Reviewer) {
            let (_, store) = try global.openStore()
            return (ReviewDesk(store: store, via: "cli"), try ReviewTokens.reviewer(name: by, role: "approver", field: "--by"))
        }
    }
}
