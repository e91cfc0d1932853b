import ArgumentParser
import Foundation
import KaizenCore
import KaizenRetriever
import KaizenStore

/// `kaizen docs import`: documents for first-stage search (BM25 over FTS5) and the retriever.
struct DocsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "docs", abstract: "Documents the retriever searches.", subcommands: [Import.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import a folder of .md/.txt files or a JSON Lines file of {\"id\", \"title\", \"text\"}; bad files and lines are reported (exit 2 if any) and the rest imported.")
        @Argument(help: "A folder or a .jsonl file.")
        var path: String
        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let (_, store) = try global.openStore()
            let found: DocumentImport
            do { found = try DocumentImport(url: URL(fileURLWithPath: path)) } catch {
                throw CommandInputError(description: "\(path): \(error.localizedDescription)")
            }
            try store.upsertDocuments(found.documents)
            for problem in found.problems { FileHandle.standardError.write(Data((problem.description + "\n").utf8)) }
            let total = try store.documentCount()
            if output.json {
                printJSON(["imported": .number(Double(found.documents.count)), "invalid": .number(Double(found.problems.count)), "documents": .number(Double(total))])
            } else {
                print("\(found.documents.count) document(s) imported, \(found.problems.count) refused; the store holds \(total)")
            }
            if !found.problems.isEmpty { throw ExitCode(2) }
        }
    }
}
