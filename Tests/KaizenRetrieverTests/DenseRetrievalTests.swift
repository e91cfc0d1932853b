import Foundation
import KaizenCore
import KaizenLRAT
import KaizenRetriever
import KaizenStore
import Testing

/// A deterministic stand-in encoder: hashed bag of words in 32 dimensions, unit length.
struct HashingEncoder: TextEncoder {
    let name = "hashing-test"
    let dimension = 32
    func encode(_ texts: [String]) -> [[Float]] {
        texts.map { text in
            var v = [Float](repeating: 0, count: dimension)
            for word in text.lowercased().split(whereSeparator: { !$0.isLetter }) {
                var h: UInt64 = 1469598103934665603
                for b in word.utf8 { h = (h ^ UInt64(b)) &* 1099511628211 }
                v[Int(h % UInt64(dimension))] += 1
            }
            let n = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
            return n > 0 ? v.map { $0 / n } : v
        }
    }
}

@Suite struct DenseRetrievalTests {
    static func store() throws -> Store {
        let store = try Store.inMemory()
        try store.upsertDocuments([
            Document(id: "p", title: "Flat plates", text: "boundary layer on a flat plate", source: "import"),
            Document(id: "w", title: "Wings", text: "lift of a swept wing at low speed", source: "import"),
            Document(id: "s", title: "Shocks", text: "shock waves at hypersonic speed", source: "import"),
        ])
        return store
    }

    @Test func topKMatchesAFullSort() {
        var rng = SeededGenerator(seed: 9)
        let values = (0..<500).map { _ in Float(rng.next() % 10_000) / 100 }
        for k in [1, 7, 100, 600] {
            let expected = values.indices.sorted { (values[$0], -$0) > (values[$1], -$1) }.prefix(k)
            #expect(DenseIndex.top(values, limit: k) == Array(expected))
        }
    }

    @Test func theIndexRanksByInnerProduct() {
        let index = DenseIndex(ids: ["a", "b", "c"], vectors: [[1, 0], [0.6, 0.8], [0, 1]], dimension: 2)
        // Inner products with (0.8, 0.6): a 0.8, b 0.96, c 0.6.
        let hits = index.search([0.8, 0.6], limit: 2)
        #expect(hits.map(\.id) == ["b", "a"])
        #expect(abs(hits[0].score - 0.96) < 1e-6)
        #expect(abs(hits[1].score - 0.8) < 1e-6)
    }

    @Test func embeddingsAreStoredReusedAndRefreshedWhenADocumentChanges() throws {
        let store = try Self.store()
        let encoder = HashingEncoder()
        #expect(try EmbeddingIndexer.index(store: store, encoder: encoder) == (3, 0))
        #expect(try EmbeddingIndexer.index(store: store, encoder: encoder) == (0, 3))
        try store.upsertDocuments([Document(id: "w", title: "Wings", text: "drag of a delta wing", source: "import")])
        #expect(try EmbeddingIndexer.index(store: store, encoder: encoder) == (1, 2))
        let stored = try store.embeddings(encoder: encoder.name)
        #expect(stored.map(\.id) == ["p", "s", "w"])
        #expect(stored.first { $0.id == "w" }?.vector == encoder.encode([EmbeddingIndexer.text(of: Document(id: "w", title: "Wings", text: "drag of a delta wing", source: ""))])[0])
    }

    @Test func denseAndHybridRetrieversRankTheMatchingDocumentFirst() async throws {
        let store = try Self.store()
        let retriever = try RetrieverChoice.make("dense", store: store, encoder: { HashingEncoder() })
        #expect(try await retriever.search("hypersonic shock waves", limit: 1).first?.id == "s")
        let hybrid = try RetrieverChoice.make("hybrid", store: store, encoder: { HashingEncoder() })
        #expect(try await hybrid.search("swept wing lift", limit: 3).first?.id == "w")
        #expect(throws: StoreError.self) { try RetrieverChoice.make("nope", store: store, encoder: { HashingEncoder() }) }
    }

    @Test func fusionMixesNormalizedScores() {
        let fused = HybridRetriever.fuse(lexical: [("a", 10), ("b", 5), ("c", 0)], dense: [("b", 0.9), ("d", 0.5), ("a", 0.1)], bm25Weight: 0.3, limit: 4)
        // a: 0.3*1 + 0.7*0 = 0.3; b: 0.3*0.5 + 0.7*1 = 0.85; c: 0; d: 0.7*0.5 = 0.35.
        #expect(fused.map(\.id) == ["b", "d", "a", "c"])
        #expect(abs(fused[0].score - 0.85) < 1e-12 && abs(fused[1].score - 0.35) < 1e-12)
    }

    @Test func lratTrainingSavesAModelThatCanBeActivated() async throws {
        let store = try Self.store()
        var events: [TrajectoryEvent] = []
        for (t, (query, doc)) in [("laminar plate flow", "p"), ("wing lift", "w"), ("plate boundary", "p"), ("shock speed", "s"), ("delta wing", "w")].enumerated() {
            let id = "t\(t)"
            events += [
                TrajectoryEvent(trajectory: id, step: 0, kind: .search, fields: ["query": .string(query), "results": [["doc": "p", "rank": 1], ["doc": "w", "rank": 2], ["doc": "s", "rank": 3]]]),
                TrajectoryEvent(trajectory: id, step: 1, kind: .browse, fields: ["doc": .string(doc)]),
                TrajectoryEvent(trajectory: id, step: 2, kind: .reason, fields: ["text": "this answers it", "tokens": .number(Double(10 + t))]),
                TrajectoryEvent(trajectory: id, step: 3, kind: .outcome, fields: ["success": true]),
            ]
        }
        var training = LRATTraining()
        training.trainer.epochs = 5
        training.trainer.temperature = 0.1
        let outcome = try await training.run(name: "lrat-test", store: store, encoder: HashingEncoder(), events: events)
        #expect(outcome.mining.pairs == 5)
        #expect(outcome.losses.count == 5)
        #expect(outcome.weightSearch.count == 11)
        let saved = try #require(try store.retrieverModels().first)
        #expect(saved.name == "lrat-test" && saved.linearAdapter?.dimension == 32)
        #expect(saved.report["pairs"]?.intValue == 5)
        try store.activateRetrieverModel("lrat-test")
        #expect(try store.retrieverModels().first?.active == true)
        #expect(throws: StoreError.self) { try store.activateRetrieverModel("missing") }
        let trained = try RetrieverChoice.make("lrat-test", store: store, encoder: { HashingEncoder() })
        #expect(try await trained.search("plate", limit: 3).count == 3)
    }

    @Test func aFixedBM25WeightTrainsOnEveryPair() async throws {
        let store = try Self.store()
        var events: [TrajectoryEvent] = []
        for (t, query) in (0..<20).map({ ($0, "plate query \($0)") }) {
            events += [
                TrajectoryEvent(trajectory: "t\(t)", step: 0, kind: .search, fields: ["query": .string(query), "results": [["doc": "p", "rank": 1], ["doc": "w", "rank": 2]]]),
                TrajectoryEvent(trajectory: "t\(t)", step: 1, kind: .browse, fields: ["doc": "p"]),
                TrajectoryEvent(trajectory: "t\(t)", step: 2, kind: .outcome, fields: ["success": true]),
            ]
        }
        var training = LRATTraining()
        training.trainer.epochs = 1
        let learned = try await training.run(name: "learned", store: store, encoder: HashingEncoder(), events: events)
        #expect(learned.examples < 20)  // some queries held out for the weight search
        training.fixedBM25Weight = 0.4
        let fixed = try await training.run(name: "fixed", store: store, encoder: HashingEncoder(), events: events)
        #expect(fixed.examples == 20 && fixed.model.bm25Weight == 0.4)
    }
}
