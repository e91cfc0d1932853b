import KaizenCore
import KaizenStore

/// BM25 over the store's FTS5 index of document titles and texts.
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
        if !snippets { return try store.searchDocuments(query, limit: limit).map { RetrievedHit(id: $0.id, title: $0.title, score: $0.score, snippet: "") } }
        return try store.searchDocuments(query, limit: limit).map { hit throws(StoreError) in
            let text = try store.document(hit.id)?.text ?? ""
            return RetrievedHit(id: hit.id, title: hit.title, score: hit.score, snippet: Snippet.make(text: text, query: query))
        }
    }

    public func open(_ id: String) async throws -> Document? {
        try store.document(id)
    }
}
