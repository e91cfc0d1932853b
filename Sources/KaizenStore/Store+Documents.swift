import Foundation
import GRDB
import KaizenCore

/// A knowledge-base document the agents can search and cite.
public struct Document: Sendable, Hashable {
    public var id: String
    public var title: String
    public var text: String
    public var source: String

    public init(id: String, title: String, text: String, source: String) {
        self.id = id
        self.title = title
        self.text = text
        self.source = source
    }
}

/// A BM25 search hit; a higher score is better (SQLite's bm25() is negated).
public struct DocumentHit: Sendable, Hashable {
    public var id: String
    public var title: String
    public var score: Double

    public init(id: String, title: String, score: Double) {
        self.id = id
        self.title = title
        self.score = score
    }
}

extension Store {
    /// Inserts or replaces documents in one transaction; the FTS index follows by trigger.
    /// Unchanged documents are left alone, so re-syncing every card keeps the FTS index still.
    public func upsertDocuments(_ documents: [Document], at: Date = Date()) throws(StoreError) {
        try write("import \(documents.count) documents") { db in
            let statement = try db.cachedStatement(sql: """
                INSERT INTO documents (id, title, text, source, created_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET title = excluded.title, text = excluded.text, source = excluded.source
                WHERE documents.title <> excluded.title OR documents.text <> excluded.text OR documents.source <> excluded.source
                """)
            for d in documents {
                try statement.execute(arguments: [d.id, d.title, d.text, d.source, at.timeIntervalSince1970])
            }
        }
    }

    /// BM25 over titles and texts. Query words are quoted, so user text cannot inject FTS syntax.
    public func searchDocuments(_ query: String, limit: Int = 10) throws(StoreError) -> [DocumentHit] {
        let terms = Self.queryWords(query).map { "\"\($0)\"" }
        guard !terms.isEmpty else { return [] }
        return try read("search documents") { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT d.id, d.title, -bm25(documents_fts) AS score
                    FROM documents_fts JOIN documents d ON d.rowid = documents_fts.rowid
                    WHERE documents_fts MATCH ? ORDER BY bm25(documents_fts) LIMIT ?
                    """,
                arguments: [terms.joined(separator: " OR "), limit]
            ).map { DocumentHit(id: $0["id"], title: $0["title"], score: $0["score"]) }
        }
    }

    /// The document with `id`, or nil when there is none.
    public func document(_ id: String) throws(StoreError) -> Document? {
        try read("read document \(id)") { db in
            try Row.fetchOne(db, sql: "SELECT id, title, text, source FROM documents WHERE id = ?", arguments: [id]).map {
                Document(id: $0["id"], title: $0["title"], text: $0["text"], source: $0["source"])
            }
        }
    }

    /// The documents with these ids, by id, in one read (search results need ten at a time).
    public func documents(_ ids: [String]) throws(StoreError) -> [String: Document] {
        guard !ids.isEmpty else { return [:] }
        return try read("read \(ids.count) documents") { db in
            let rows = try Row.fetchAll(
                db, sql: "SELECT id, title, text, source FROM documents WHERE id IN (\(Array(repeating: "?", count: ids.count).joined(separator: ", ")))",
                arguments: StatementArguments(ids))
            return Dictionary(rows.map { ($0["id"], Document(id: $0["id"], title: $0["title"], text: $0["text"], source: $0["source"])) }, uniquingKeysWith: { a, _ in a })
        }
    }

    public func documentCount() throws(StoreError) -> Int {
        try read("count documents") { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM documents") ?? 0 }
    }
}
