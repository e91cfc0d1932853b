import Foundation
import KaizenCore
import KaizenStore

/// A retriever by name: `bm25`, `dense` (the plain encoder), `hybrid` (the two fused at
/// equal weight), or a model trained with `kaizen retriever train --name` (its adapter and
/// learned BM25 weight).
public enum RetrieverChoice {
    public static let builtIn = ["bm25", "dense", "hybrid"]

    /// The retriever `name` names; the encoder is loaded only when needed, and the stored
    /// embeddings are brought up to date first.
    public static func make(_ name: String, store: Store, snippets: Bool = true, encoder: () throws -> any TextEncoder) throws -> any Retriever {
        let bm25 = BM25Retriever(store: store, snippets: snippets)
        if name == "bm25" { return bm25 }
        let record: RetrieverModelRecord?
        if builtIn.contains(name) {
            record = nil
        } else {
            guard let found = try store.retrieverModels().first(where: { $0.name == name }) else {
                throw StoreError.notFound(kind: "retriever model (or bm25, dense, hybrid)", id: name)
            }
            record = found
        }
        let encoder = try encoder()
        if let record, record.encoder != encoder.name {
            throw StoreError.constraint(operation: "load retriever \(name)", message: "it was trained on \(record.encoder), not \(encoder.name)")
        }
        try EmbeddingIndexer.index(store: store, encoder: encoder)
        let dense = try DenseRetriever(store: store, encoder: encoder, adapter: record?.linearAdapter)
        if name == "dense" { return dense }
        return HybridRetriever(bm25: bm25, dense: dense, bm25Weight: record?.bm25Weight ?? 0.5)
    }
}
