import Foundation
import KaizenCore
import KaizenRetriever
import KaizenStore
import Testing

@Suite struct DocumentImportTests {
    @Test func aFolderOfNotesBecomesDocumentsWithTitlesAndPathIDs() throws {
        let dir = FileManager.default.temporaryDirectory.appending(path: "kaizen-docs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appending(path: "sub"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "# Gated units\nGLU variants help.".write(to: dir.appending(path: "glu.md"), atomically: true, encoding: .utf8)
        try "plain text about warm-up".write(to: dir.appending(path: "sub/warmup.txt"), atomically: true, encoding: .utf8)
        try "   \n".write(to: dir.appending(path: "empty.md"), atomically: true, encoding: .utf8)
        try "ignored".write(to: dir.appending(path: "image.png"), atomically: true, encoding: .utf8)
        let found = try DocumentImport(url: dir)
        #expect(found.documents.map(\.id) == ["glu", "sub/warmup"])
        #expect(found.documents.map(\.title) == ["Gated units", "warmup"])
        #expect(found.problems == [DocumentImport.Problem(location: "empty.md", reason: "empty")])
        let store = try Store.inMemory()
        try store.upsertDocuments(found.documents)
        #expect(try store.searchDocuments("gated").map(\.id) == ["glu"])
    }

    @Test func jsonLinesAreValidatedLineByLine() throws {
        let file = FileManager.default.temporaryDirectory.appending(path: "kaizen-docs-\(UUID().uuidString).jsonl")
        defer { try? FileManager.default.removeItem(at: file) }
        try """
            {"id": "1", "title": "Boundary layers", "text": "flow over a flat plate"}
            {"id": "2", "text": "no title is fine"}
            {"id": "", "title": "x", "text": "y"}
            {"id": "3", "title": 4, "text": "y"}
            {"id": "4", "title": "t"}
            {"id": "1", "title": "again", "text": "z"}
            [oops
            """.write(to: file, atomically: true, encoding: .utf8)
        let found = try DocumentImport(url: file)
        #expect(found.documents.map(\.id) == ["1", "2"])
        #expect(found.documents[1].title == "2")
        let name = file.lastPathComponent
        #expect(found.problems.map(\.location) == ["\(name):3", "\(name):4", "\(name):5", "\(name):6", "\(name):7"])
        #expect(found.problems.map(\.reason).prefix(4) == [
            "\"id\" must be a non-empty string", "\"title\" must be a string", "\"text\" must be a non-empty string", "id 1 appears twice in the file",
        ])
    }
}
