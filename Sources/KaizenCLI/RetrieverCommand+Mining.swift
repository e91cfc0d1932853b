import ArgumentParser
import Foundation
import KaizenLLM
import KaizenLRAT
import KaizenStore
import KaizenWorkspace
import Logging

extension RetrieverCommand {
    /// Switches that turn one ingredient of LRAT mining off, for ablations.
    struct MiningOptions: ParsableArguments {
        @Flag(help: "Keep positives the reasoning judge would drop.")
        var noJudge = false
        @Flag(help: "Weigh every pair 1 instead of by its reasoning's length.")
        var noWeights = false
        @Flag(help: "Mine unsuccessful trajectories too.")
        var allOutcomes = false
        @Flag(help: "Attach no unbrowsed results as negatives (in-batch negatives only).")
        var noNegatives = false

        @Option(help: "The reasoning judge: rule (phrase lists) or llm (the workspace's LLM with Prompts/lrat-judge.mustache).")
        var judge: JudgeKind = .rule

        enum JudgeKind: String, ExpressibleByArgument, CaseIterable {
            case rule, llm
        }

        var settings: MiningSettings {
            MiningSettings(useJudge: !noJudge, useWeights: !noWeights, successOnly: !allOutcomes, unbrowsedAreNegatives: !noNegatives)
        }

        /// The chosen judge; the LLM one sees each browsed document's title from the store.
        func makeJudge(workspace: Workspace, store: Store) throws -> any ReasoningJudge {
            guard judge == .llm else { return RuleJudge() }
            let client = LLMClient(endpoint: try workspace.llmEndpoint(), recorder: store, logger: Logger(label: "kaizen.llm"))
            return try LLMJudge(client: client, template: try workspace.prompt("lrat-judge.mustache"), titles: { id in (try? store.document(id))??.title })
        }

        /// A line on how the LLM judge fared, or nil for the rule judge.
        static func tally(_ judge: any ReasoningJudge) -> String? {
            guard let judge = judge as? LLMJudge else { return nil }
            let (asked, failed) = judge.tally
            return "LLM judge: \(asked) asked, \(failed) decided by the rule judge after a failed call"
        }
    }
}
