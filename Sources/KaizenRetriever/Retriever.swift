import KaizenCore
import KaizenStore

/// One search result as an agent sees it: enough to decide whether to open the document.
public struct RetrievedHit: Sendable, Hashable, Codable {
    public var id: String
    public var title: String
    /// Higher is better; comparable only within one retriever's results for one query.
    public var score: Double
    /// About 200 characters of the document around the first query term, whitespace collapsed.
    public var snippet: String

    public init(id: String, title: String, score: Double, snippet: String) {
        self.id = id
        self.title = title
        self.score = score
        self.snippet = snippet
    }
}

/// Finds evidence for the agents in the knowledge base (notes and experiment cards).
///
/// BM25 over the store's full-text index is the first implementation; a retriever trained on
/// the agents' trajectory logs plugs in behind the same two calls.
public protocol Retriever: Sendable {
    /// The best `limit` documents for `query`, best first. Any text is a valid query.
    func search(_ query: String, limit: Int) async throws -> [RetrievedHit]
    /// The whole document, or nil when there is none with that id.
    func open(_ id: String) async throws -> Document?
}
