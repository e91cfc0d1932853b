import Foundation
import GRDB
import KaizenCore

/// A trained retriever: an adapter over an encoder's embeddings and the hybrid's BM25 weight.
public struct RetrieverModelRecord: Sendable, Equatable {
    public var name: String
    /// The encoder whose embeddings it adapts, e.g. `all-MiniLM-L6-v2`.
    public var encoder: String
    /// The adapter as JSON; nil for the plain encoder.
    public var adapter: JSONValue?
    /// Weight of BM25 in the hybrid's fused score; 0 is dense only.
    public var bm25Weight: Double
    /// What training mined and measured.
    public var report: JSONValue
    public var active: Bool
    public var createdAt: Date

    public init(name: String, encoder: String, adapter: JSONValue?, bm25Weight: Double, report: JSONValue, active: Bool = false, createdAt: Date = Date()) {
        self.name = name
        self.encoder = encoder
        self.adapter = adapter
        self.bm25Weight = bm25Weight
        self.report = report
        self.active = active
        self.createdAt = createdAt
    }
}

extension Store {
    /// Stores embeddings of documents for `encoder`, with the fingerprint of the text they
    /// were computed from, so a changed document is re-encoded.
    public func storeEmbeddings(encoder: String, _ items: [(id: String, textFingerprint: String, vector: [Float])]) throws(StoreError) {
        try write("store \(items.count) embeddings") { db in
            let statement = try db.cachedStatement(sql: """
                INSERT OR REPLACE INTO document_embeddings (encoder, document_id, text_fingerprint, vector) VALUES (?, ?, ?, ?)
                """)
            for item in items {
                let data = item.vector.withUnsafeBufferPointer { Data(buffer: $0) }
                try statement.execute(arguments: [encoder, item.id, item.textFingerprint, data])
            }
        }
    }

    /// Every stored embedding of `encoder`, by document id.
    public func embeddings(encoder: String) throws(StoreError) -> [(id: String, textFingerprint: String, vector: [Float])] {
        try read("read embeddings") { db in
            try Row.fetchAll(db, sql: "SELECT document_id, text_fingerprint, vector FROM document_embeddings WHERE encoder = ? ORDER BY document_id", arguments: [encoder]).map { row in
                let data: Data = row["vector"]
                let vector = data.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
                return (row["document_id"], row["text_fingerprint"], vector)
            }
        }
    }

    /// Every document, for indexing.
    public func allDocuments() throws(StoreError) -> [Document] {
        try read("read documents") { db in
            try Row.fetchAll(db, sql: "SELECT id, title, text, source FROM documents ORDER BY id").map {
                Document(id: $0["id"], title: $0["title"], text: $0["text"], source: $0["source"])
            }
        }
    }

    /// Saves (or replaces) a trained retriever model, audited.
    public func saveRetrieverModel(_ model: RetrieverModelRecord, actor: String = "kaizen") throws(StoreError) {
        try write("save retriever model \(model.name)") { db in
            try db.execute(
                sql: """
                    INSERT OR REPLACE INTO retriever_models (name, encoder, adapter_json, bm25_weight, report_json, active, created_at)
                    VALUES (?, ?, ?, ?, ?, COALESCE((SELECT active FROM retriever_models WHERE name = ?), 0), ?)
                    """,
                arguments: [model.name, model.encoder, model.adapter?.canonicalText, model.bm25Weight, model.report.canonicalText, model.name, model.createdAt.timeIntervalSince1970])
            _ = try Self.appendAudit(db, actor: actor, action: "retriever.train", subject: model.name, reason: nil, details: ["bm25_weight": .number(model.bm25Weight)], at: model.createdAt)
        }
    }

    /// Makes `name` the active retriever (the offline agent's); nil returns to BM25.
    public func activateRetrieverModel(_ name: String?, actor: String = "kaizen", at: Date = Date()) throws(StoreError) {
        try write("activate retriever model") { db in
            if let name, try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM retriever_models WHERE name = ?", arguments: [name]) == 0 {
                throw StoreError.notFound(kind: "retriever model", id: name)
            }
            try db.execute(sql: "UPDATE retriever_models SET active = 0 WHERE active = 1")
            if let name { try db.execute(sql: "UPDATE retriever_models SET active = 1 WHERE name = ?", arguments: [name]) }
            _ = try Self.appendAudit(db, actor: actor, action: "retriever.use", subject: name ?? "bm25", reason: nil, details: nil, at: at)
        }
    }

    public func retrieverModels() throws(StoreError) -> [RetrieverModelRecord] {
        try read("read retriever models") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM retriever_models ORDER BY created_at").map { row in
                RetrieverModelRecord(
                    name: row["name"], encoder: row["encoder"], adapter: (row["adapter_json"] as String?).flatMap { try? JSONValue.parse($0) },
                    bm25Weight: row["bm25_weight"], report: (try? JSONValue.parse(row["report_json"] as String)) ?? .object([:]),
                    active: row["active"], createdAt: Date(timeIntervalSince1970: row["created_at"]))
            }
        }
    }
}
