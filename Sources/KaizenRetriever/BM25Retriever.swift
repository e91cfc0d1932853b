import KaizenCore
import KaizenStore

/// BM25 over the store's documents (titles and texts), scored as FTS5's `bm25()` by the
/// in-memory `LexicalIndex` (see `LexicalSearch`), which is what makes it fast at scale.
public struct BM25Retriever: Retriever {
    public let store: Store
    /// Whether hits carry a snippet (a read of each document); evaluation needs only ids.
    public let snippets: Bool

    public init(store: Store, snippets: Bool = true) {
        self.store = store
        self.snippets = snippets
    }

    public func search(_ query: String, limit: Int) async throws -> [RetrievedHit] {
        guard limit > 0 else { return [] }
        let hits = try LexicalSearch.search(store, query, limit: limit)
        if !snippets { return hits.map { RetrievedHit(id: $0.id, title: $0.title, score: $0.score, snippet: "") } }
        let documents = try store.documents(hits.map(\.id))
        return hits.map { hit in
            RetrievedHit(id: hit.id, title: hit.title, score: hit.score, snippet: Snippet.make(text: documents[hit.id]?.text ?? "", query: query))
        }
    }

    public func open(_ id: String) async throws -> Document? {
        try store.document(id)
    }
}
