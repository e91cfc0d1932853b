import Foundation
import KaizenCore
import KaizenStore
import Testing

@testable import KaizenRetriever

/// Titles and texts of different lengths (so no two scores tie and FTS5's order is defined),
/// with repeated terms, stemming, diacritics, numbers, and words in more than half the rows
/// (IDF floored at 1e-6).
let lexicalCorpus: [Document] = [
    Document(id: "a", title: "Boundary layer flows", text: "The boundary layer over a flat plate. Flows separate; flow flows flowing.", source: "t"),
    Document(id: "b", title: "Café Über naïve résumé", text: "A cafe review: the über naive plate of the day, 42 euros.", source: "t"),
    Document(id: "c", title: "Shock waves", text: "Supersonic shock waves at Mach 3.14 and Mach 2; the shock shock shock test.", source: "t"),
    Document(id: "d", title: "Heat transfer", text: "Heat transfer in the laminar boundary layer of a cone at 42 degrees and more words here.", source: "t"),
    Document(id: "e", title: "Notes", text: "the the the of of a plate", source: "t"),
    Document(id: "f", title: "Wing flutter in transonic flow", text: "Flutter of swept wings; the flutter boundary of a wing with stores is lowered by the stores.", source: "t"),
    Document(id: "g", title: "Über alles", text: "Ueber and über are different tokens; ÜBER folds to uber.", source: "t"),
]

/// Queries that exercise each part: unknown words, a title-only term, duplicates, case,
/// diacritics, numbers, stop words in every row, punctuation.
let lexicalQueries = [
    "flow", "boundary layer flow", "Flows over the flat plate?", "the", "the of a", "uber", "ÜBER café",
    "naïve resume", "42", "3.14 mach", "shock shock", "xylophone", "xylophone boundary", "transonic",
    "wing flutter stores", "Heat-transfer (laminar) cone", "notes", "über alles ueber",
]

@Suite struct LexicalIndexTests {
    func store(_ documents: [Document] = lexicalCorpus) throws -> Store {
        let store = try Store.inMemory()
        try store.upsertDocuments(documents)
        return store
    }

    /// Same ids in the same order as FTS5, scores equal within 1e-9 relative.
    func expectSameAsFTS5(_ store: Store, _ query: String, limit: Int = 100, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let fts5 = try store.searchDocuments(query, limit: limit)
        let ours = try LexicalSearch.search(store, query, limit: limit)
        #expect(ours.map(\.id) == fts5.map(\.id), "\(query)", sourceLocation: sourceLocation)
        #expect(ours.map(\.title) == fts5.map(\.title), "\(query)", sourceLocation: sourceLocation)
        for (a, b) in zip(ours, fts5) {
            #expect(abs(a.score - b.score) <= 1e-9 * abs(b.score), "\(query): \(a.id) \(a.score) vs \(b.score)", sourceLocation: sourceLocation)
        }
    }

    @Test func scoresAndOrderEqualFTS5() throws {
        let store = try store()
        for query in lexicalQueries {
            try expectSameAsFTS5(store, query)
            try expectSameAsFTS5(store, query, limit: 2)
        }
        // The title-only term, an unknown word, and the floored IDF of "the" (in 6 of 7 rows).
        #expect(try LexicalSearch.search(store, "transonic", limit: 10).map(\.id) == ["f"])
        #expect(try LexicalSearch.search(store, "xylophone", limit: 10).isEmpty)
        #expect(try LexicalSearch.search(store, "the", limit: 10).allSatisfy { $0.score < 1e-5 })
    }

    @Test func queryWordsBecomeFTS5sTerms() throws {
        let tokenizer = try DocumentTokenizer()
        #expect(try tokenizer.terms(["Flows", "Café", "ÜBER", "naïve", "42", "running", "xylophone"])
            == [["flow"], ["cafe"], ["uber"], ["naiv"], ["42"], ["run"], ["xylophon"]])
        // A word FTS5 splits in two (a zero-width joiner is no token character) is a phrase;
        // such queries go to FTS5 itself and still agree.
        let joined = "boundary\u{200D}layer"
        #expect(Store.queryWords(joined) == [joined])
        #expect(try tokenizer.terms([joined]) == [["boundari", "layer"]])
        try expectSameAsFTS5(try store(), "flat \(joined)")
    }

    @Test func theIndexFollowsInsertsAndUpdates() throws {
        let store = try store()
        try expectSameAsFTS5(store, "boundary plate")
        let first = try LexicalSearch.index(for: store)
        #expect(try LexicalSearch.index(for: store) === first)
        try store.upsertDocuments([Document(id: "h", title: "Plate buckling", text: "A thin plate buckles.", source: "t")])
        #expect(try LexicalSearch.index(for: store) !== first)
        #expect(try LexicalSearch.search(store, "buckling", limit: 10).map(\.id) == ["h"])
        try expectSameAsFTS5(store, "boundary plate")
        // An update that keeps the row and its token count still changes the index.
        try store.upsertDocuments([Document(id: "h", title: "Plate buckling", text: "A thin shell buckles.", source: "t")])
        #expect(try LexicalSearch.search(store, "shell", limit: 10).map(\.id) == ["h"])
        try expectSameAsFTS5(store, "boundary plate thin shell")
        // Unchanged documents leave the index as it is.
        let current = try LexicalSearch.index(for: store)
        try store.upsertDocuments(lexicalCorpus)
        #expect(try LexicalSearch.index(for: store) === current)
    }

    @Test func aFileStoreIsReadThroughItsPool() async throws {
        let dir = FileManager.default.temporaryDirectory.appending(path: "kaizen-lexical-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try Store.open(at: dir.appending(path: "store.sqlite"))
        try store.upsertDocuments(lexicalCorpus)
        for query in lexicalQueries { try expectSameAsFTS5(store, query) }
        let hits = try await BM25Retriever(store: store).search("boundary layer", limit: 2)
        #expect(hits.map(\.id) == (try store.searchDocuments("boundary layer", limit: 2)).map(\.id))
        #expect(hits.allSatisfy { !$0.snippet.isEmpty })
    }

    @Test func topKKeepsTheBestInOrder() {
        let values: [Double] = [0, 3, 1, 3, 0, 5, 2, 0.5]
        #expect(TopK.select(values, limit: 3, above: 0).map(\.ordinal) == [5, 1, 3])
        #expect(TopK.select(values, limit: 100, above: 0).map(\.ordinal) == [5, 1, 3, 6, 2, 7])
        #expect(TopK.select(values, limit: 0, above: 0).isEmpty)
    }
}
