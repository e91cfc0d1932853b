import Foundation
import GRDB
import KaizenCore

/// One entry of the production history. The newest entry is what serves production.
public struct ProductionRecord: Sendable, Hashable {
    public enum Action: String, Sendable { case initial, launch, rollback }
    public var id: Int64
    public var config: JSONValue
    public var fingerprint: String
    public var action: Action
    /// The launched candidate (launch), or the candidate whose config was restored (rollback).
    public var candidateID: String?
    public var experimentID: String?
    public var actor: String
    public var reason: String?
    public var at: Date
}

extension Store {
    /// Production now, or nil before the first online step seeded it.
    public func currentProduction() throws(StoreError) -> ProductionRecord? {
        try read("read production") { db in
            try Row.fetchOne(db, sql: "SELECT * FROM production_configs ORDER BY id DESC LIMIT 1").map(Self.production(from:))
        }
    }

    /// Production now, seeding the history with `initial` (Policies/production.json) once.
    public func ensureProduction(initial: JSONValue, fingerprint: String, actor: String = "kaizen", at: Date = Date()) throws(StoreError) -> ProductionRecord {
        try write("seed production") { db in
            if let row = try Row.fetchOne(db, sql: "SELECT * FROM production_configs ORDER BY id DESC LIMIT 1") { return try Self.production(from: row) }
            let id = try Self.insertProduction(
                db, config: initial, fingerprint: fingerprint, action: .initial, candidate: nil, experiment: nil,
                actor: actor, reason: "the initial production config", at: at)
            return try Self.production(db, id: id)
        }
    }

    /// Every production config, oldest first.
    public func productionHistory() throws(StoreError) -> [ProductionRecord] {
        try read("read production history") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM production_configs ORDER BY id").map(Self.production(from:))
        }
    }

    /// Restores an earlier production config as a new history entry, with its audit entry.
    /// `target` nil means the entry before the current one.
    @discardableResult
    public func rollbackProduction(to target: Int64?, actor: String, reason: String?, at: Date = Date()) throws(StoreError) -> ProductionRecord {
        try write("roll back production") { db in
            let history = try Row.fetchAll(db, sql: "SELECT * FROM production_configs ORDER BY id").map(Self.production(from:))
            guard let current = history.last else {
                throw StoreError.constraint(operation: "roll back production", message: "there is no production history yet")
            }
            let restored: ProductionRecord
            if let target {
                guard let found = history.first(where: { $0.id == target }) else {
                    throw StoreError.notFound(kind: "production config", id: String(target))
                }
                guard found.id != current.id else {
                    throw StoreError.constraint(operation: "roll back production", message: "production config \(target) is already current")
                }
                restored = found
            } else {
                guard let previous = history.dropLast().last(where: { $0.fingerprint != current.fingerprint }) else {
                    throw StoreError.constraint(operation: "roll back production", message: "there is no earlier production config to restore")
                }
                restored = previous
            }
            let id = try Self.insertProduction(
                db, config: restored.config, fingerprint: restored.fingerprint, action: .rollback, candidate: restored.candidateID,
                experiment: nil, actor: actor, reason: reason ?? "rollback to production config \(restored.id)", at: at)
            _ = try Self.appendAudit(
                db, actor: actor, action: "production.rollback", subject: String(id), reason: reason,
                details: ["from": .number(Double(current.id)), "to": .number(Double(restored.id)), "fingerprint": .string(restored.fingerprint)],
                at: at)
            return try Self.production(db, id: id)
        }
    }

    static func insertProduction(
        _ db: Database, config: JSONValue, fingerprint: String, action: ProductionRecord.Action, candidate: String?,
        experiment: String?, actor: String, reason: String?, at: Date
    ) throws -> Int64 {
        try db.execute(
            sql: """
                INSERT INTO production_configs (config_json, fingerprint, action, candidate_id, experiment_id, actor, reason, at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [config.canonicalText, fingerprint, action.rawValue, candidate, experiment, actor, reason, at.timeIntervalSince1970])
        let id = db.lastInsertedRowID
        if action == .initial {
            _ = try appendAudit(db, actor: actor, action: "production.initial", subject: String(id), reason: reason, details: ["fingerprint": .string(fingerprint)], at: at)
        }
        return id
    }

    static func production(_ db: Database, id: Int64) throws -> ProductionRecord {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM production_configs WHERE id = ?", arguments: [id]) else {
            throw StoreError.notFound(kind: "production config", id: String(id))
        }
        return try production(from: row)
    }

    static func production(from row: Row) throws -> ProductionRecord {
        ProductionRecord(
            id: row["id"], config: try JSONValue.parse(row["config_json"] as String), fingerprint: row["fingerprint"],
            action: ProductionRecord.Action(rawValue: row["action"]) ?? .initial, candidateID: row["candidate_id"],
            experimentID: row["experiment_id"], actor: row["actor"], reason: row["reason"],
            at: Date(timeIntervalSince1970: row["at"]))
    }
}
