import Foundation
import KaizenCore
import Testing

@testable import KaizenStore

@Suite struct DocumentTests {
    @Test func documentReturnsTheStoredTextOrNil() throws {
        let store = try Store.inMemory()
        #expect(try store.document("kb:glu") == nil)
        try store.upsertDocuments([
            Document(id: "kb:glu", title: "GLU variants", text: "gated linear units", source: "knowledge"),
            Document(id: "kb:adam", title: "Adam", text: "adaptive moments", source: "knowledge"),
        ])
        #expect(try store.document("kb:glu") == Document(id: "kb:glu", title: "GLU variants", text: "gated linear units", source: "knowledge"))
        #expect(try store.document("kb:missing") == nil)

        // An upsert replaces the text in place; the index follows it.
        try store.upsertDocuments([Document(id: "kb:glu", title: "GLU variants", text: "swiglu and geglu", source: "knowledge")])
        #expect(try store.document("kb:glu")?.text == "swiglu and geglu")
        #expect(try store.documentCount() == 2)
        #expect(try store.searchDocuments("geglu").map(\.id) == ["kb:glu"])
        #expect(try store.searchDocuments("gated").isEmpty)
    }
}
