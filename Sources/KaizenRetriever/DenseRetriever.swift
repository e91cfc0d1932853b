import Foundation
import KaizenCore
import KaizenLRAT
import KaizenStore

/// Dense retrieval: the query's embedding (through the model's adapter, if any) against the
/// stored document embeddings (through the same adapter).
public struct DenseRetriever: Retriever {
    public let store: Store
    public let encoder: any TextEncoder
    public let adapter: LinearAdapter?
    public let index: DenseIndex

    /// Loads the index of `encoder`'s stored embeddings; documents without one are not
    /// searchable until `EmbeddingIndexer.index` has run.
    public init(store: Store, encoder: any TextEncoder, adapter: LinearAdapter? = nil) throws(StoreError) {
        self.store = store
        self.encoder = encoder
        self.adapter = adapter
        let stored = try store.embeddings(encoder: encoder.name)
        index = DenseIndex(ids: stored.map(\.id), vectors: stored.map { adapter?.apply($0.vector) ?? $0.vector }, dimension: encoder.dimension)
    }

    public func embedQuery(_ text: String) -> [Float] {
        let e = encoder.encode([text])[0]
        return adapter?.apply(e) ?? e
    }

    public func search(_ query: String, limit: Int) async throws -> [RetrievedHit] {
        search(embedding: embedQuery(query), limit: limit)
    }

    /// The best documents for a query already embedded with `embedQuery`.
    public func search(embedding: [Float], limit: Int) -> [RetrievedHit] {
        index.search(embedding, limit: limit).map { RetrievedHit(id: $0.id, title: "", score: Double($0.score), snippet: "") }
    }

    public func open(_ id: String) async throws -> Document? {
        try store.document(id)
    }
}

/// BM25 and dense fused: each list's scores are min-max normalized over its top 100 and
/// mixed as `w * bm25 + (1 - w) * dense`; a document missing from a list scores 0 there.
public struct HybridRetriever: Retriever {
    public let bm25: BM25Retriever
    public let dense: DenseRetriever
    public let bm25Weight: Double
    public static let depth = 100

    public init(bm25: BM25Retriever, dense: DenseRetriever, bm25Weight: Double) {
        self.bm25 = bm25
        self.dense = dense
        self.bm25Weight = bm25Weight
    }

    public func search(_ query: String, limit: Int) async throws -> [RetrievedHit] {
        // The two lists are independent: BM25 (the in-memory index, about 2 ms) runs in a
        // child task while this one encodes the query and scans the dense index. Only the
        // fused top `limit` get snippets, so BM25's depth-100 list is ids and scores alone.
        let store = bm25.store
        async let lexicalHits = LexicalSearch.search(store, query, limit: Self.depth)
        let semantic = dense.search(embedding: dense.embedQuery(query), limit: Self.depth)
        let lexical = try await lexicalHits
        let fused = Self.fuse(lexical: lexical.map { ($0.id, $0.score) }, dense: semantic.map { ($0.id, $0.score) }, bm25Weight: bm25Weight, limit: limit)
        guard bm25.snippets else { return fused.map { RetrievedHit(id: $0.id, title: "", score: $0.score, snippet: "") } }
        // An agent shows titles and snippets; evaluation asks for ids only.
        let documents = try store.documents(fused.map(\.id))
        return fused.map { hit in
            let document = documents[hit.id]
            return RetrievedHit(id: hit.id, title: document?.title ?? "", score: hit.score, snippet: Snippet.make(text: document?.text ?? "", query: query))
        }
    }

    public func open(_ id: String) async throws -> Document? {
        try await bm25.open(id)
    }

    /// The fused ranking, best first; ties by id.
    public static func fuse(lexical: [(id: String, score: Double)], dense: [(id: String, score: Double)], bm25Weight w: Double, limit: Int) -> [(id: String, score: Double)] {
        func normalized(_ list: [(id: String, score: Double)]) -> [String: Double] {
            guard let hi = list.map(\.score).max(), let lo = list.map(\.score).min() else { return [:] }
            let span = hi - lo
            return Dictionary(list.map { ($0.id, span > 0 ? ($0.score - lo) / span : 1) }, uniquingKeysWith: max)
        }
        let a = normalized(lexical), b = normalized(dense)
        let fused = Set(a.keys).union(b.keys).map { id in (id: id, score: w * (a[id] ?? 0) + (1 - w) * (b[id] ?? 0)) }
        return Array(fused.sorted { ($0.score, $1.id) > ($1.score, $0.id) }.prefix(limit))
    }
}
