import ArgumentParser
import Foundation
import KaizenAgent
import KaizenCode
import KaizenCore
import KaizenStore

/// `kaizen code summary`: how the architecture persona's generated models fared, per n
/// (supporting examples in the prompt), with the study's dataset-balanced mean.
struct CodeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "code", abstract: "Architectures as code: what the generated models achieved.",
        subcommands: [Summary.self])

    struct Summary: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Per n: proposals, the share that passed validation, the duplicate share, and the best, mean and dataset-balanced mean metric of the trained models.")
        @Option(help: "The trainer's metric.")
        var metric = "accuracy"
        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let (_, store) = try global.openStore()
            let summary = try CodeSummary.make(store: store, metric: metric)
            if output.json { return printJSON(summary.json) }
            print(summary.text)
        }
    }
}
