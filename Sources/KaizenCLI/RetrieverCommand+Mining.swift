import ArgumentParser
import Foundation
import KaizenCore
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
        @Flag(help: "Make no negative of a document the agent read elsewhere in the same trajectory (read in another search, so skipped as known).")
        var skipReadNegatives = false

        @Option(name: .customLong("trajectories"), help: "Mine these kaizen.trajectory.v1 files instead of the store's trajectories (repeatable).")
        var trajectoryFiles: [String] = []

        @Option(help: "The reasoning judge: rule (phrase lists) or llm (the workspace's LLM with Prompts/lrat-judge.mustache).")
        var judge: JudgeKind = .rule

        enum JudgeKind: String, ExpressibleByArgument, CaseIterable {
            case rule, llm
        }

        var settings: MiningSettings {
            MiningSettings(useJudge: !noJudge, useWeights: !noWeights, successOnly: !allOutcomes, unbrowsedAreNegatives: !noNegatives,
                skipReadNegatives: skipReadNegatives)
        }

        /// The events to mine: the files given, every invalid line reported on stderr, or the store's.
        func events(store: Store) throws -> [TrajectoryEvent] {
            guard !trajectoryFiles.isEmpty else { return try store.trajectoryEvents() }
            var events: [TrajectoryEvent] = []
            for path in trajectoryFiles {
                let file = TrajectoryFile(text: try String(contentsOfFile: path, encoding: .utf8))
                for error in file.errors { FileHandle.standardError.write(Data("\(path):\(error.line): \(error.reason) (skipped)\n".utf8)) }
                events += file.events
            }
            return events
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
