import Foundation
import KaizenCore
import KaizenStore
import Testing

@testable import KaizenRetriever

/// The repository's own notes, copied into every temporary knowledge folder.
let repositoryKnowledge = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appending(path: "Knowledge")

/// A temporary knowledge folder: the repository's notes, a plain-text note without a heading,
/// a file that is not UTF-8, an empty file, and files that are not notes.
func makeKnowledgeFolder() throws -> URL {
    let fm = FileManager.default
    let dir = fm.temporaryDirectory.appending(path: "kaizen-kb-\(UUID().uuidString)")
    try fm.createDirectory(at: dir, withIntermediateDirectories: true)
    for name in try fm.contentsOfDirectory(atPath: repositoryKnowledge.path) where name.hasSuffix(".md") {
        try fm.copyItem(at: repositoryKnowledge.appending(path: name), to: dir.appending(path: name))
    }
    try "Batch size trades gradient noise for throughput.".write(to: dir.appending(path: "batch-size.txt"), atomically: true, encoding: .utf8)
    try Data([0x23, 0x20, 0xFF, 0xFE, 0x0A, 0xC3]).write(to: dir.appending(path: "broken.md"))
    try " \n\n".write(to: dir.appending(path: "empty.md"), atomically: true, encoding: .utf8)
    try "not a note".write(to: dir.appending(path: "image.png"), atomically: true, encoding: .utf8)
    try fm.createDirectory(at: dir.appending(path: "drafts.md"), withIntermediateDirectories: true)
    return dir
}

@Suite struct KnowledgeBaseTests {
    @Test func repositoryHasTheNotes() throws {
        let loaded = KnowledgeBase.load(directory: repositoryKnowledge)
        #expect(loaded.problems.isEmpty)
        #expect((9...10).contains(loaded.documents.count))
        for note in loaded.documents {
            let words = note.text.split(whereSeparator: \.isWhitespace).count
            #expect((250...600).contains(words), "\(note.id) has \(words) words")
            #expect(note.text.hasPrefix("# \(note.title)\n"), "\(note.id) does not start with its title")
        }
    }

    @Test func loadsNotesAndReportsBadFilesByName() throws {
        let dir = try makeKnowledgeFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let loaded = KnowledgeBase.load(directory: dir)

        let problems = Dictionary(uniqueKeysWithValues: loaded.problems.map { (URL(fileURLWithPath: $0.file).lastPathComponent, $0) })
        #expect(problems.keys.sorted() == ["broken.md", "empty.md"])
        #expect(problems["broken.md"]?.message.contains("UTF-8") == true)
        #expect(problems["empty.md"]?.message.contains("empty") == true)
        #expect(problems["broken.md"]?.description.hasPrefix(dir.appending(path: "broken.md").path) == true)

        let ids = loaded.documents.map(\.id)
        #expect(ids.contains("kb:clickbait-and-long-term-value"))
        #expect(ids.contains("kb:glu-activations"))
        #expect(ids.count == KnowledgeBase.load(directory: repositoryKnowledge).documents.count + 1)
        #expect(!ids.contains("kb:image") && !ids.contains("kb:drafts"))
        #expect(ids == ids.sorted())

        let glu = try #require(loaded.documents.first { $0.id == "kb:glu-activations" })
        #expect(glu.title == "GLU activations: SwiGLU and GeGLU")
        #expect(glu.source == "knowledge")
        // Without a heading the file name is the title.
        let batch = try #require(loaded.documents.first { $0.id == "kb:batch-size" })
        #expect(batch.title == "batch-size")
        #expect(batch.text == "Batch size trades gradient noise for throughput.")
    }

    @Test func missingFolderIsAProblemNotACrash() {
        let dir = FileManager.default.temporaryDirectory.appending(path: "kaizen-kb-missing-\(UUID().uuidString)")
        let loaded = KnowledgeBase.load(directory: dir)
        #expect(loaded.documents.isEmpty)
        #expect(loaded.problems.map(\.file) == [dir.path])
    }

    @Test func searchFindsTheRightNote() async throws {
        let dir = try makeKnowledgeFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try Store.inMemory()
        let report = try KnowledgeBase.sync(store: store, knowledgeDirectory: dir)
        #expect(report.cards == 0)
        #expect(report.problems.count == 2)
        #expect(try store.documentCount() == report.notes)

        let retriever = BM25Retriever(store: store)
        let expectations = [
            "clickbait long-term value": "kb:clickbait-and-long-term-value",
            "swiglu gated activation": "kb:glu-activations",
            "warmup cosine schedule": "kb:learning-rate-schedules",
            "adagrad adamw learning rate": "kb:adaptive-optimizers",
            "dot product versus concat interaction embedding dimension": "kb:embedding-dimension-and-interaction",
            "annealed gradient noise": "kb:gradient-noise",
            "hourglass bottleneck": "kb:hourglass-mlp",
            "dropout weight decay layer norm": "kb:regularization",
        ]
        for (query, id) in expectations {
            let hits = try await retriever.search(query, limit: 5)
            #expect(hits.first?.id == id, "\(query) -> \(hits.map(\.id))")
            #expect(hits.count <= 5)
            #expect(zip(hits, hits.dropFirst()).allSatisfy { $0.score >= $1.score })
        }

        let top = try #require(try await retriever.search("swiglu", limit: 1).first)
        #expect(top.title == "GLU activations: SwiGLU and GeGLU")
        #expect(top.snippet.count <= 202)
        #expect(top.snippet.lowercased().contains("swiglu"))
        #expect(!top.snippet.contains("\n"))
        #expect(try await retriever.search("swiglu", limit: 0).isEmpty)
    }

    @Test func openReturnsTheWholeText() async throws {
        let dir = try makeKnowledgeFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try Store.inMemory()
        try KnowledgeBase.sync(store: store, knowledgeDirectory: dir)
        let retriever: any Retriever = BM25Retriever(store: store)
        let note = try #require(try await retriever.open("kb:reward-shaping"))
        let onDisk = try String(contentsOf: dir.appending(path: "reward-shaping.md"), encoding: .utf8)
        #expect(note.text == onDisk)
        #expect(note.source == "knowledge")
        #expect(try await retriever.open("kb:no-such-note") == nil)
    }

    @Test func queriesWithFTSSyntaxDoNotThrow() async throws {
        let dir = try makeKnowledgeFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try Store.inMemory()
        try KnowledgeBase.sync(store: store, knowledgeDirectory: dir)
        let retriever = BM25Retriever(store: store)
        let queries = [
            "\"clickbait", "clickbait\"penalty\"", "swi*", "*", "NEAR(click watch, 3)", "click NEAR watch",
            "-dropout", "dropout -weight", "title:adam", "a OR", "AND", "NOT clickbait", "(((", "^adam", "{x}",
            "''", "", "   ", "ünïcödé 日本語", "drop'out; DROP TABLE documents; --",
        ]
        for query in queries {
            _ = try await retriever.search(query, limit: 10)
        }
        #expect(try await retriever.search("\"clickbait*", limit: 3).first?.id == "kb:clickbait-and-long-term-value")
        #expect(try await retriever.search("", limit: 3).isEmpty)
        #expect(try store.documentCount() == KnowledgeBase.load(directory: dir).documents.count)
    }
}
