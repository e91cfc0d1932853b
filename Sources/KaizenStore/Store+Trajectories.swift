import Foundation
import GRDB
import KaizenCore

extension Store {
    /// Appends events in one transaction, creating their trajectories as needed. A step that
    /// already exists in its trajectory is refused, so re-importing a file cannot duplicate.
    public func appendTrajectoryEvents(_ events: [TrajectoryEvent], source: String, at: Date = Date()) throws(StoreError) {
        try write("append \(events.count) trajectory events") { db in
            try Self.insert(events, source: source, at: at, db: db)
        }
    }

    static func insert(_ events: [TrajectoryEvent], source: String, at: Date, db: Database) throws {
        let trajectory = try db.cachedStatement(sql: "INSERT OR IGNORE INTO trajectories (id, source, created_at) VALUES (?, ?, ?)")
        let event = try db.cachedStatement(sql: "INSERT INTO trajectory_events (trajectory_id, step, type, fields_json) VALUES (?, ?, ?, ?)")
        var seen = Set<String>()
        for e in events {
            if seen.insert(e.trajectory).inserted {
                try trajectory.execute(arguments: [e.trajectory, source, at.timeIntervalSince1970])
            }
            try event.execute(arguments: [e.trajectory, e.step, e.kind.rawValue, JSONValue.object(e.fields).canonicalText])
        }
    }

    /// All events of one trajectory, or of all trajectories, in (trajectory, step) order.
    public func trajectoryEvents(trajectory: String? = nil) throws(StoreError) -> [TrajectoryEvent] {
        try read("read trajectory events") { db in
            let rows = try Row.fetchCursor(
                db,
                sql: "SELECT * FROM trajectory_events WHERE (? IS NULL OR trajectory_id = ?) ORDER BY trajectory_id, step",
                arguments: [trajectory, trajectory])
            var events: [TrajectoryEvent] = []
            while let row = try rows.next() {
                let kind = TrajectoryEvent.Kind(rawValue: row["type"]) ?? .task
                let fields = (try? JSONValue.parse(row["fields_json"] as String))?.objectValue ?? [:]
                events.append(TrajectoryEvent(trajectory: row["trajectory_id"], step: row["step"], kind: kind, fields: fields))
            }
            return events
        }
    }

    public func trajectoryEventCount() throws(StoreError) -> Int {
        try read("count trajectory events") { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM trajectory_events") ?? 0 }
    }
}

/// What an import did with each event.
public struct TrajectoryImportResult: Sendable, Equatable {
    /// New events written.
    public var inserted = 0
    /// Events already in the store with the same content (a re-import): skipped.
    public var unchanged = 0
    /// Indexes (into the given events) whose (trajectory, step) is stored with other content.
    public var conflicts: [Int] = []
}

extension Store {
    /// Imports events in one transaction. A re-import of the same file changes nothing; an
    /// event whose step is already stored with different content is left out and reported.
    public func importTrajectoryEvents(_ events: [TrajectoryEvent], source: String, at: Date = Date()) throws(StoreError) -> TrajectoryImportResult {
        try write("import \(events.count) trajectory events") { db in
            var result = TrajectoryImportResult()
            var fresh: [TrajectoryEvent] = []
            for (index, event) in events.enumerated() {
                guard let stored = try Row.fetchOne(
                    db, sql: "SELECT type, fields_json FROM trajectory_events WHERE trajectory_id = ? AND step = ?", arguments: [event.trajectory, event.step])
                else {
                    fresh.append(event)
                    continue
                }
                if stored["type"] as String == event.kind.rawValue, stored["fields_json"] as String == JSONValue.object(event.fields).canonicalText {
                    result.unchanged += 1
                } else {
                    result.conflicts.append(index)
                }
            }
            try Self.insert(fresh, source: source, at: at, db: db)
            result.inserted = fresh.count
            return result
        }
    }
}
