import Foundation
import GRDB
import KaizenCore

/// One entry of the append-only audit log: who did what, when, and why.
public struct AuditEntry: Sendable, Hashable {
    public var id: Int64
    public var at: Date
    public var actor: String
    public var action: String
    public var subject: String?
    public var reason: String?
    public var details: JSONValue?
}

extension Store {
    /// Appends to the audit log in its own transaction.
    @discardableResult
    public func appendAudit(actor: String, action: String, subject: String?, reason: String?, details: JSONValue? = nil, at: Date = Date()) throws(StoreError) -> Int64 {
        try write("append audit entry") { db in
            try Self.appendAudit(db, actor: actor, action: action, subject: subject, reason: reason, details: details, at: at)
        }
    }

    /// Appends within a caller's transaction, so a change and its audit entry commit together.
    static func appendAudit(_ db: Database, actor: String, action: String, subject: String?, reason: String?, details: JSONValue?, at: Date) throws -> Int64 {
        try db.execute(
            sql: "INSERT INTO audit_log (at, actor, action, subject, reason, details_json) VALUES (?, ?, ?, ?, ?, ?)",
            arguments: [at.timeIntervalSince1970, actor, action, subject, reason, details?.canonicalText])
        return db.lastInsertedRowID
    }

    /// Audit entries, oldest first, optionally only those about `subject`.
    public func auditLog(subject: String? = nil, limit: Int = 1000) throws(StoreError) -> [AuditEntry] {
        try read("read audit log") { db in
            let rows = try Row.fetchAll(
                db,
                sql: "SELECT * FROM audit_log WHERE (? IS NULL OR subject = ?) ORDER BY id LIMIT ?",
                arguments: [subject, subject, limit])
            return rows.map { row in
                AuditEntry(
                    id: row["id"], at: Date(timeIntervalSince1970: row["at"]), actor: row["actor"], action: row["action"],
                    subject: row["subject"], reason: row["reason"],
                    details: (row["details_json"] as String?).flatMap { try? JSONValue.parse($0) })
            }
        }
    }
}
