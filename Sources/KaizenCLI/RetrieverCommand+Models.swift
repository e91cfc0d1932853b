import ArgumentParser
import Foundation
import KaizenCore
import KaizenLRAT
import KaizenRetriever
import KaizenStore

extension RetrieverCommand {
    struct Index: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Encode the documents that have no up-to-date embedding (the dense index).")
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let (_, store) = try global.openStore()
            let encoder = try RetrieverCommand.encoder()
            let started = ContinuousClock.now
            let (encoded, reused) = try EmbeddingIndexer.index(store: store, encoder: encoder) { done, total in
                FileHandle.standardError.write(Data("\rencoded \(done)/\(total)".utf8))
            }
            let seconds = (ContinuousClock.now - started) / .seconds(1)
            print("\n\(encoded) document(s) encoded in \(String(format: "%.1f", seconds)) s, \(reused) up to date (\(encoder.name))")
        }
    }

    struct Train: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "LRAT: mine the store's trajectories, train an adapter with weighted InfoNCE, learn the hybrid's BM25 weight, and save the model.")
        @Option(help: "The model's name (for --model and `retriever use`).")
        var name: String
        @OptionGroup var mining: MiningOptions
        @Option(help: "Passes over the mined pairs.")
        var epochs = 10
        @Option(help: "InfoNCE temperature (the paper: 0.02).")
        var temperature = 0.02
        @Option(help: "Adam's learning rate.")
        var learningRate = 3e-4
        @Option(help: "Fix the hybrid's BM25 weight (0...1) instead of learning it on held-out mined pairs.")
        var bm25Weight: Double?
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let (workspace, store) = try global.openStore()
            guard !RetrieverChoice.builtIn.contains(name), !name.isEmpty else { throw ValidationError("--name must not be empty or one of \(RetrieverChoice.builtIn)") }
            var training = LRATTraining()
            training.mining = mining.settings
            training.judge = try mining.makeJudge(workspace: workspace, store: store)
            training.trainer.epochs = epochs
            training.trainer.temperature = temperature
            training.trainer.learningRate = learningRate
            if let bm25Weight {
                guard (0...1).contains(bm25Weight) else { throw ValidationError("--bm25-weight must be between 0 and 1") }
                training.fixedBM25Weight = bm25Weight
            }
            let outcome = try await training.run(name: name, store: store, encoder: try RetrieverCommand.encoder(), events: try mining.events(store: store)) { line in
                print(line)
            }
            print("mined:")
            for line in outcome.mining.lines { print("  \(line)") }
            if let line = MiningOptions.tally(training.judge) { print("  \(line)") }
            print("saved \(name): BM25 weight \(outcome.model.bm25Weight), \(outcome.examples) training pairs; `kaizen retriever use \(name)` makes it the agent's")
        }
    }

    struct Use: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Make a trained model the active retriever (the offline agent's); `bm25` returns to BM25.")
        @Argument(help: "A trained model's name, or bm25.")
        var name: String
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let (_, store) = try global.openStore()
            try store.activateRetrieverModel(name == "bm25" ? nil : name)
            print("active retriever: \(name)")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Trained retriever models, the active one marked.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let (_, store) = try global.openStore()
            let models = try store.retrieverModels()
            if output.json {
                return printJSON(.array(models.map {
                    .object(["name": .string($0.name), "encoder": .string($0.encoder), "bm25_weight": .number($0.bm25Weight), "active": .bool($0.active),
                             "created_at": .string($0.createdAt.formatted(.iso8601)), "report": $0.report])
                }))
            }
            if models.isEmpty { print("No trained retriever; the agent uses BM25.") }
            for m in models { print("\(m.active ? "*" : " ") \(m.name)  \(m.encoder)  BM25 weight \(m.bm25Weight)  \(m.createdAt.formatted(.iso8601))") }
        }
    }
}
