import Foundation
import GRDB

/// A reviewer's token as the store keeps it: its SHA-256, never the token.
public struct ReviewTokenRecord: Sendable, Hashable {
    public var sha256: String
    public var name: String
    /// `viewer` or `approver`.
    public var role: String
    /// Where it came from: `config`, `env`, `local`.
    public var source: String

    public init(sha256: String, name: String, role: String, source: String) {
        self.sha256 = sha256
        self.name = name
        self.role = role
        self.source = source
    }
}

extension Store {
    /// Replaces every stored review token with `tokens`, and notes who may review in the
    /// audit log (names and roles only).
    public func replaceReviewTokens(_ tokens: [ReviewTokenRecord], actor: String = "kaizen", at: Date = Date()) throws(StoreError) {
        try write("store review tokens") { db in
            try db.execute(sql: "DELETE FROM review_tokens")
            for token in tokens {
                try db.execute(
                    sql: "INSERT OR REPLACE INTO review_tokens (sha256, name, role, source, added_at) VALUES (?, ?, ?, ?, ?)",
                    arguments: [token.sha256, token.name, token.role, token.source, at.timeIntervalSince1970])
            }
            let who = tokens.map { "\($0.name) (\($0.role))" }.sorted().joined(separator: ", ")
            _ = try Self.appendAudit(db, actor: actor, action: "review.tokens", subject: nil, reason: "reviewers: \(who)", details: nil, at: at)
        }
    }

    /// The stored review tokens (hashes), by name.
    public func reviewTokens() throws(StoreError) -> [ReviewTokenRecord] {
        try read("read review tokens") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM review_tokens ORDER BY name, role").map {
                ReviewTokenRecord(sha256: $0["sha256"], name: $0["name"], role: $0["role"], source: $0["source"])
            }
        }
    }
}
