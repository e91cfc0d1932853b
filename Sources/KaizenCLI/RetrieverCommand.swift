import ArgumentParser
import Foundation
import KaizenCore
import KaizenEncoder
import KaizenLRAT
import KaizenRetriever
import KaizenStore

/// `kaizen retriever search|eval`: first-stage search over the store's documents and its
/// evaluation against judged queries.
struct RetrieverCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retriever", abstract: "Search the documents and evaluate retrievers against judged queries.",
        subcommands: [Search.self, Eval.self, Mine.self, Index.self, Train.self, Use.self, List.self])

    /// The encoder, or a clear error saying how to install it.
    static func encoder() throws -> any TextEncoder {
        let folder = EncoderLocation.folder()
        do { return try MiniLMEncoder(modelFolder: folder) } catch {
            throw CommandInputError(description: "the sentence encoder is not usable at \(folder.path): \(error); install it with scripts/encoder-model.sh or set KAIZEN_ENCODER_MODEL")
        }
    }

    struct Search: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The best documents for TEXT, best first.")
        @Argument(help: "The query.")
        var text: String
        @Option(name: .short, help: "How many results.")
        var k = 10
        @Option(help: "bm25, dense, hybrid, or a trained model's name (default: the active one, else bm25).")
        var model: String?
        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            guard k > 0 else { throw ValidationError("-k must be positive") }
            let (_, store) = try global.openStore()
            let name = try model ?? store.retrieverModels().first(where: \.active)?.name ?? "bm25"
            let hits = try await RetrieverChoice.make(name, store: store, encoder: RetrieverCommand.encoder).search(text, limit: k)
            if output.json {
                return printJSON(.array(hits.enumerated().map { i, hit in
                    .object(["rank": .number(Double(i + 1)), "doc": .string(hit.id), "title": .string(hit.title), "score": .number(hit.score), "snippet": .string(hit.snippet)])
                }))
            }
            if hits.isEmpty { print("No document matches.") }
            for (i, hit) in hits.enumerated() {
                print(String(format: "%3d  %8.3f  ", i + 1, hit.score) + "\(hit.id)  \(hit.title)")
            }
        }
    }

    struct Mine: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "What LRAT mining finds in the store's trajectories: searches, browses, positives kept and dropped by the judge, negatives, weight quantiles.")
        @OptionGroup var mining: MiningOptions
        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let (workspace, store) = try global.openStore()
            let judge = try mining.makeJudge(workspace: workspace, store: store)
            let (pairs, report) = try await Miner(settings: mining.settings, judge: judge).mine(try mining.events(store: store))
            if let line = MiningOptions.tally(judge) { FileHandle.standardError.write(Data((line + "\n").utf8)) }
            if output.json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys]
                let text = String(decoding: try encoder.encode(report), as: UTF8.self)
                var object = try JSONValue.parse(text).objectValue ?? [:]
                object["pairs"] = .number(Double(pairs.count))
                return printJSON(.object(object))
            }
            print(report.description)
        }
    }

    struct Eval: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "nDCG@10, recall@10, recall@100 and MRR@10 over judged queries (queries as JSON Lines {\"id\",\"text\"}, qrels as TREC `qid Q0 doc grade` or `qid doc grade`).")
        @Option(help: "Queries, JSON Lines.")
        var queries: String
        @Option(help: "Relevance judgments.")
        var qrels: String
        @Option(help: "bm25, dense, hybrid, or a trained model's name.")
        var model = "bm25"
        @Option(help: "The grade from which a judged document counts as relevant for recall and MRR.")
        var relevantAtLeast: Double = 1
        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let (_, store) = try global.openStore()
            let queryList = try EvalQuery.parse(lines: try Self.read(queries), file: queries)
            let judged = try Qrels(text: try Self.read(qrels), file: qrels)
            let started = ContinuousClock.now
            let retriever = try RetrieverChoice.make(model, store: store, snippets: false, encoder: RetrieverCommand.encoder)
            let (metrics, count) = try await RetrievalEvaluation.run(retriever, queries: queryList, qrels: judged, relevantAtLeast: relevantAtLeast)
            let seconds = (ContinuousClock.now - started) / .seconds(1)
            if output.json {
                return printJSON([
                    "model": .string(model), "queries": .number(Double(count)), "ndcg@10": .number(metrics.ndcg10),
                    "recall@10": .number(metrics.recall10), "recall@100": .number(metrics.recall100), "mrr@10": .number(metrics.mrr10),
                ])
            }
            print("\(model) over \(count) judged queries (\(String(format: "%.1f", seconds)) s):")
            print(String(format: "  nDCG@10 %.4f  recall@10 %.4f  recall@100 %.4f  MRR@10 %.4f", metrics.ndcg10, metrics.recall10, metrics.recall100, metrics.mrr10))
        }

        static func read(_ path: String) throws -> String {
            do { return try String(contentsOf: URL(fileURLWithPath: path), encoding: .utf8) } catch {
                throw CommandInputError(description: "\(path): cannot read it: \(error.localizedDescription)")
            }
        }
    }
}
