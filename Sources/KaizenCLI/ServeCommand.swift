import ArgumentParser
import Foundation
import KaizenAgent
import KaizenReview
import KaizenReviewServer
import KaizenWorkspace

/// `kaizen serve`: the review web page and JSON API.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Serve the review page and JSON API (Hummingbird) until interrupted.",
        discussion: "Reviewers sign in with tokens from KAIZEN_REVIEW_TOKENS (name:role:token, comma-separated; roles viewer, approver) or review.tokens in kaizen.yaml. Without any, on loopback, a one-off approver token is printed.")

    @Option(help: "The address to bind (default: review.host, 127.0.0.1). Another address needs at least one token.")
    var host: String?
    @Option(help: "The port (default: review.port, 8080); 0 picks a free one.")
    var port: Int?
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let (workspace, store) = try global.openStore()
        let logger = global.logger("kaizen.serve", config: workspace.config)
        var entries = try Self.configuredTokens(workspace.config.review, environment: ProcessInfo.processInfo.environment)
        let host = host ?? workspace.config.review.host
        var printedToken: String?
        if entries.isEmpty, ReviewServerSettings.isLoopback(host) {
            let token = ReviewTokens.random()
            let name = (ProcessInfo.processInfo.environment["USER"]).flatMap { try? ReviewTokens.reviewer(name: $0, role: "approver", field: "USER").name } ?? "local"
            entries = [ReviewTokens.Entry(reviewer: Reviewer(name: name, role: .approver), sha256: ReviewTokens.hash(token), source: "local")]
            printedToken = token
        }
        let policy = try? workspace.loadPolicy()
        let settings = ReviewServerSettings(
            host: host, port: port ?? workspace.config.review.port, tokens: ReviewTokens(entries), guardrails: policy?.guardrails,
            pricing: policy.map { LLMPricing(budgets: $0.budgets, model: workspace.llmModel) })
        let server = try ReviewServer(store: store, settings: settings, logger: logger)
        try store.replaceReviewTokens(settings.tokens.records)
        let (reviewers, oneOff) = (entries, printedToken)
        try await server.run(handleSignals: true) { bound in
            let entries = reviewers, printedToken = oneOff
            var lines = ["kaizen serve: listening on http://\(host.contains(":") ? "[\(host)]" : host):\(bound)"]
            lines.append("reviewers: " + entries.map { "\($0.reviewer.name) (\($0.reviewer.role.rawValue), \($0.source))" }.joined(separator: ", "))
            if let printedToken {
                lines.append("no review tokens are configured; sign in as \(entries[0].reviewer.name) (approver) with this one-off token, valid until this server stops:")
                lines.append("  \(printedToken)")
            }
            FileHandle.standardOutput.write(Data((lines.joined(separator: "\n") + "\n").utf8))
        }
    }

    /// Tokens from kaizen.yaml (hashes, or variables holding the token) and KAIZEN_REVIEW_TOKENS.
    static func configuredTokens(_ review: WorkspaceConfig.Review, environment: [String: String]) throws -> [ReviewTokens.Entry] {
        var entries: [ReviewTokens.Entry] = []
        for (index, token) in review.tokens.enumerated() {
            let field = "kaizen.yaml review.tokens[\(index)]"
            let reviewer = try ReviewTokens.reviewer(name: token.name, role: token.role, field: field)
            if let sha = token.sha256 {
                entries.append(.init(reviewer: reviewer, sha256: sha, source: "config"))
            } else if let name = token.tokenEnv {
                guard let value = environment[name], !value.isEmpty else {
                    throw CommandInputError(description: "\(field): token_env \(name) is not set in the environment")
                }
                entries += try ReviewTokens.parse(list: "\(reviewer.name):\(reviewer.role.rawValue):\(value)", source: "config")
            }
        }
        if let list = environment["KAIZEN_REVIEW_TOKENS"], !list.isEmpty {
            entries += try ReviewTokens.parse(list: list, source: "KAIZEN_REVIEW_TOKENS")
        }
        return entries
    }
}
