import Foundation
import GRDB
import KaizenCore

extension Store {
    /// Ends a training job in one transaction: the metrics, the move to `scored` or `failed`,
    /// its audit entry and the outcome event of the proposing trajectory. A crash before the
    /// commit leaves the job `training` (re-queued on restart); after it, the job is done.
    @discardableResult
    public func finishTraining(
        _ id: String, metrics: [MetricValue], to next: LifecycleState, reason: String?, outcome: [String: JSONValue]? = nil,
        actor: String = "kaizen", at: Date = Date()
    ) throws(StoreError) -> Candidate {
        if let bad = metrics.first(where: { !$0.value.isFinite }) {
            throw .constraint(operation: "finish training of \(id)", message: "metric \(bad.name) is not finite (\(bad.value))")
        }
        return try write("finish training of \(id)") { db in
            let candidate = try Self.move(db, id, to: next, reason: reason, actor: actor, countAttempt: false, at: at)
            for metric in metrics {
                try db.execute(
                    sql: "INSERT INTO metrics (candidate_id, name, value, step, source, recorded_at) VALUES (?, ?, ?, ?, ?, ?)",
                    arguments: [id, metric.name, metric.value, metric.step, metric.source.rawValue, at.timeIntervalSince1970])
            }
            if let outcome, let trajectory = candidate.trajectoryID {
                var fields = outcome
                fields["candidate"] = .string(id)
                _ = try Self.appendNext(db, trajectory: trajectory, kind: .outcome, fields: fields, source: "agent", at: at)
            }
            return candidate
        }
    }

    /// Appends an event as the next step of its trajectory. Steps are numbered inside the
    /// transaction, so an agent's events and training outcomes may interleave safely.
    @discardableResult
    public func appendNextTrajectoryEvent(
        trajectory: String, kind: TrajectoryEvent.Kind, fields: [String: JSONValue], source: String, at: Date = Date()
    ) throws(StoreError) -> TrajectoryEvent {
        try write("append a trajectory event") { db in
            try Self.appendNext(db, trajectory: trajectory, kind: kind, fields: fields, source: source, at: at)
        }
    }

    static func appendNext(
        _ db: Database, trajectory: String, kind: TrajectoryEvent.Kind, fields: [String: JSONValue], source: String, at: Date
    ) throws -> TrajectoryEvent {
        let step = try Int.fetchOne(
            db, sql: "SELECT COALESCE(MAX(step), -1) + 1 FROM trajectory_events WHERE trajectory_id = ?", arguments: [trajectory]) ?? 0
        let event = TrajectoryEvent(trajectory: trajectory, step: step, kind: kind, fields: fields)
        try insert([event], source: source, at: at, db: db)
        return event
    }

    /// How many candidates moved to `state` at or after `since` (e.g. training jobs started today).
    public func transitionCount(to state: LifecycleState, since: Date) throws(StoreError) -> Int {
        try read("count transitions") { db in
            try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM candidate_transitions WHERE to_state = ? AND at >= ?",
                arguments: [state.rawValue, since.timeIntervalSince1970]) ?? 0
        }
    }

    /// Final offline metrics per candidate (the last value of each name without a step), in one query.
    public func finalMetrics(candidates ids: [String]) throws(StoreError) -> [String: [String: Double]] {
        guard !ids.isEmpty else { return [:] }
        return try read("read final metrics") { db in
            var out: [String: [String: Double]] = [:]
            for chunk in stride(from: 0, to: ids.count, by: 500).map({ Array(ids[$0..<min($0 + 500, ids.count)]) }) {
                let rows = try Row.fetchAll(
                    db,
                    sql: "SELECT candidate_id, name, value, source FROM metrics WHERE step IS NULL AND candidate_id IN (\(chunk.map { _ in "?" }.joined(separator: ","))) ORDER BY id",
                    arguments: StatementArguments(chunk))
                for row in rows {
                    let source: String = row["source"]
                    let name: String = row["name"]
                    out[row["candidate_id"], default: [:]][source == "online" ? "online." + name : name] = row["value"]
                }
            }
            return out
        }
    }
}
