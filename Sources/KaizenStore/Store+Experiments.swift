import Foundation
import GRDB
import KaizenCore

/// A live experiment as the store keeps it: enough to resume polling after a restart and to
/// show every day it reported and the decision.
public struct ExperimentRecord: Sendable, Hashable {
    public enum Status: String, Sendable, CaseIterable {
        case starting, running, launched
        case notLaunched = "not-launched"
        case aborted
        /// Still holding traffic (or about to).
        public var isActive: Bool { self == .starting || self == .running }
    }

    public var id: String
    public var candidateID: String
    /// The environment's kind: `world` or `command`.
    public var environment: String
    /// The environment's own id for the experiment, once started.
    public var handle: String?
    public var status: Status
    /// The production history entry that served as control.
    public var productionID: Int64
    public var control: JSONValue
    public var treatment: JSONValue
    public var trafficFraction: Double
    public var seed: UInt64
    /// `sequential` or `welch`.
    public var test: String
    public var northStar: String
    /// The last day received; -1 before the first.
    public var lastDay: Int
    /// The test's state between polls (e.g. the mixture scale and the running minimum p-value).
    public var state: JSONValue
    public var lastError: String?
    public var decision: JSONValue?
    public var startedAt: Date
    public var updatedAt: Date
    public var endedAt: Date?

    public init(
        id: String = KaizenID.make("exp"), candidateID: String, environment: String, productionID: Int64, control: JSONValue,
        treatment: JSONValue, trafficFraction: Double, seed: UInt64, test: String, northStar: String, startedAt: Date = Date()
    ) {
        self.id = id
        self.candidateID = candidateID
        self.environment = environment
        self.handle = nil
        self.status = .starting
        self.productionID = productionID
        self.control = control
        self.treatment = treatment
        self.trafficFraction = trafficFraction
        self.seed = seed
        self.test = test
        self.northStar = northStar
        self.lastDay = -1
        self.state = .object([:])
        self.lastError = nil
        self.decision = nil
        self.startedAt = startedAt
        self.updatedAt = startedAt
        self.endedAt = nil
    }
}

extension Store {
    /// Records a new experiment as `starting`. Its candidate must be `selected` (no approval
    /// rule fired) or `approved` with a recorded approval: nothing unapproved gets this far.
    public func createExperiment(_ record: ExperimentRecord, actor: String = "kaizen") throws(StoreError) {
        try write("create experiment \(record.id)") { db in
            try Self.checkMayGoLive(db, candidate: record.candidateID)
            try db.execute(
                sql: """
                    INSERT INTO experiments (id, candidate_id, environment, handle, status, production_id, control_json, treatment_json,
                        traffic_fraction, seed, test, north_star, last_day, state_json, started_at, updated_at)
                    VALUES (?, ?, ?, NULL, 'starting', ?, ?, ?, ?, ?, ?, ?, -1, ?, ?, ?)
                    """,
                arguments: [
                    record.id, record.candidateID, record.environment, record.productionID, record.control.canonicalText,
                    record.treatment.canonicalText, record.trafficFraction, Int64(bitPattern: record.seed), record.test,
                    record.northStar, record.state.canonicalText, record.startedAt.timeIntervalSince1970,
                    record.startedAt.timeIntervalSince1970,
                ])
            _ = try Self.appendAudit(
                db, actor: actor, action: "experiment.create", subject: record.id, reason: nil,
                details: ["candidate": .string(record.candidateID), "traffic_fraction": .number(record.trafficFraction), "test": .string(record.test)],
                at: record.startedAt)
        }
    }

    /// The environment started the experiment: store its handle and move the candidate to
    /// `live`, in one transaction.
    public func markExperimentRunning(_ id: String, handle: String, actor: String = "kaizen", at: Date = Date()) throws(StoreError) {
        try write("start experiment \(id)") { db in
            let record = try Self.experiment(db, id: id)
            guard record.status == .starting else {
                throw StoreError.constraint(operation: "start experiment \(id)", message: "it is \(record.status.rawValue), not starting")
            }
            try Self.checkMayGoLive(db, candidate: record.candidateID)
            try db.execute(
                sql: "UPDATE experiments SET status = 'running', handle = ?, last_error = NULL, updated_at = ? WHERE id = ?",
                arguments: [handle, at.timeIntervalSince1970, id])
            _ = try Self.move(db, record.candidateID, to: .live, reason: "experiment \(id) started", actor: actor, countAttempt: false, at: at)
        }
    }

    /// Stores one poll's new days and closed cohorts and the test state, in one transaction.
    /// Days must follow on from the last one stored, so a repeated poll cannot double-count.
    /// Per-user guardrail values replace the previous ones (they are cumulative).
    public func recordPoll(
        _ id: String, days: [DayMetrics], cohorts: [CohortObservations], userMetrics: [String: ArmObservations] = [:], state: JSONValue,
        at: Date = Date()
    ) throws(StoreError) {
        try write("record poll of experiment \(id)") { db in
            let record = try Self.experiment(db, id: id)
            var last = record.lastDay
            for day in days {
                guard day.day == last + 1 else {
                    throw StoreError.constraint(operation: "record poll of experiment \(id)", message: "day \(day.day) does not follow day \(last)")
                }
                try db.execute(
                    sql: "INSERT INTO experiment_days (experiment_id, day, control_json, treatment_json) VALUES (?, ?, ?, ?)",
                    arguments: [id, day.day, Self.metricsText(day.control), Self.metricsText(day.treatment)])
                last = day.day
            }
            for cohort in cohorts {
                try db.execute(
                    sql: "INSERT OR REPLACE INTO experiment_cohorts (experiment_id, cohort_day, control_json, treatment_json) VALUES (?, ?, ?, ?)",
                    arguments: [id, cohort.cohortDay, Self.valuesText(cohort.control), Self.valuesText(cohort.treatment)])
            }
            for (metric, values) in userMetrics {
                try db.execute(
                    sql: "INSERT OR REPLACE INTO experiment_user_metrics (experiment_id, metric, control_json, treatment_json) VALUES (?, ?, ?, ?)",
                    arguments: [id, metric, Self.valuesText(values.control), Self.valuesText(values.treatment)])
            }
            try db.execute(
                sql: "UPDATE experiments SET last_day = ?, state_json = ?, last_error = NULL, updated_at = ? WHERE id = ?",
                arguments: [last, state.canonicalText, at.timeIntervalSince1970, id])
        }
    }

    /// Remembers why the last environment call failed; the next step retries.
    public func setExperimentError(_ id: String, _ message: String, at: Date = Date()) throws(StoreError) {
        try write("record experiment error") { db in
            try db.execute(
                sql: "UPDATE experiments SET last_error = ?, updated_at = ? WHERE id = ?",
                arguments: [message, at.timeIntervalSince1970, id])
        }
    }

    /// Ends an experiment in one transaction: its decision, the candidate's final state, the
    /// online metrics, and for a launch the new production config, each with an audit entry.
    @discardableResult
    public func finishExperiment(
        _ id: String, status: ExperimentRecord.Status, decision: JSONValue, metrics: [MetricValue], reason: String,
        launch: (config: JSONValue, fingerprint: String)? = nil, actor: String = "kaizen", at: Date = Date()
    ) throws(StoreError) -> ProductionRecord? {
        let next: LifecycleState
        switch status {
        case .launched: next = .launched
        case .notLaunched: next = .notLaunched
        case .aborted: next = .aborted
        case .starting, .running:
            throw .constraint(operation: "finish experiment \(id)", message: "\(status.rawValue) is not a decision")
        }
        if (status == .launched) != (launch != nil) {
            throw .constraint(operation: "finish experiment \(id)", message: "a launch needs the new production config, and only a launch")
        }
        if let bad = metrics.first(where: { !$0.value.isFinite }) {
            throw .constraint(operation: "finish experiment \(id)", message: "metric \(bad.name) is not finite")
        }
        return try write("finish experiment \(id)") { db in
            let record = try Self.experiment(db, id: id)
            guard record.status == .running else {
                throw StoreError.constraint(operation: "finish experiment \(id)", message: "it is \(record.status.rawValue), not running")
            }
            try db.execute(
                sql: "UPDATE experiments SET status = ?, decision_json = ?, updated_at = ?, ended_at = ? WHERE id = ?",
                arguments: [status.rawValue, decision.canonicalText, at.timeIntervalSince1970, at.timeIntervalSince1970, id])
            _ = try Self.move(db, record.candidateID, to: next, reason: reason, actor: actor, countAttempt: false, at: at)
            for metric in metrics {
                try db.execute(
                    sql: "INSERT INTO metrics (candidate_id, name, value, step, source, recorded_at) VALUES (?, ?, ?, ?, 'online', ?)",
                    arguments: [record.candidateID, metric.name, metric.value, metric.step, at.timeIntervalSince1970])
            }
            _ = try Self.appendAudit(db, actor: actor, action: "experiment.\(status.rawValue)", subject: id, reason: reason, details: decision, at: at)
            guard let launch else { return nil }
            let productionID = try Self.insertProduction(
                db, config: launch.config, fingerprint: launch.fingerprint, action: .launch, candidate: record.candidateID,
                experiment: id, actor: actor, reason: reason, at: at)
            _ = try Self.appendAudit(
                db, actor: actor, action: "production.launch", subject: String(productionID), reason: reason,
                details: ["candidate": .string(record.candidateID), "experiment": .string(id), "fingerprint": .string(launch.fingerprint)],
                at: at)
            return try Self.production(db, id: productionID)
        }
    }

    /// Experiments, newest first, optionally only those in `statuses`.
    public func experiments(statuses: [ExperimentRecord.Status]? = nil) throws(StoreError) -> [ExperimentRecord] {
        try read("read experiments") { db in
            let rows = try Row.fetchAll(db, sql: "SELECT * FROM experiments ORDER BY started_at DESC, id DESC")
            return try rows.map(Self.experiment(from:)).filter { statuses?.contains($0.status) ?? true }
        }
    }

    public func experiment(_ id: String) throws(StoreError) -> ExperimentRecord {
        try read("read experiment") { db in try Self.experiment(db, id: id) }
    }

    /// Every day an experiment reported, first day first.
    public func experimentDays(_ id: String) throws(StoreError) -> [DayMetrics] {
        try read("read experiment days") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM experiment_days WHERE experiment_id = ? ORDER BY day", arguments: [id]).map { row in
                DayMetrics(day: row["day"], control: try Self.metrics(row["control_json"]), treatment: try Self.metrics(row["treatment_json"]))
            }
        }
    }

    /// Every closed north-star cohort of an experiment, first cohort first.
    public func experimentCohorts(_ id: String) throws(StoreError) -> [CohortObservations] {
        try read("read experiment cohorts") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM experiment_cohorts WHERE experiment_id = ? ORDER BY cohort_day", arguments: [id]).map { row in
                CohortObservations(cohortDay: row["cohort_day"], control: try Self.values(row["control_json"]), treatment: try Self.values(row["treatment_json"]))
            }
        }
    }

    /// The latest per-user guardrail values of an experiment, by metric.
    public func experimentUserMetrics(_ id: String) throws(StoreError) -> [String: ArmObservations] {
        try read("read experiment user metrics") { db in
            var out: [String: ArmObservations] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT * FROM experiment_user_metrics WHERE experiment_id = ?", arguments: [id]) {
                out[row["metric"]] = ArmObservations(control: try Self.values(row["control_json"]), treatment: try Self.values(row["treatment_json"]))
            }
            return out
        }
    }

    static func experiment(_ db: Database, id: String) throws -> ExperimentRecord {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM experiments WHERE id = ?", arguments: [id]) else {
            throw StoreError.notFound(kind: "experiment", id: id)
        }
        return try experiment(from: row)
    }

    static func experiment(from row: Row) throws -> ExperimentRecord {
        var record = ExperimentRecord(
            id: row["id"], candidateID: row["candidate_id"], environment: row["environment"], productionID: row["production_id"],
            control: try JSONValue.parse(row["control_json"] as String), treatment: try JSONValue.parse(row["treatment_json"] as String),
            trafficFraction: row["traffic_fraction"], seed: UInt64(bitPattern: row["seed"] as Int64), test: row["test"],
            northStar: row["north_star"], startedAt: Date(timeIntervalSince1970: row["started_at"]))
        record.handle = row["handle"]
        record.status = ExperimentRecord.Status(rawValue: row["status"]) ?? .running
        record.lastDay = row["last_day"]
        record.state = try JSONValue.parse(row["state_json"] as String)
        record.lastError = row["last_error"]
        record.decision = try (row["decision_json"] as String?).map { try JSONValue.parse($0) }
        record.updatedAt = Date(timeIntervalSince1970: row["updated_at"])
        record.endedAt = (row["ended_at"] as Double?).map(Date.init(timeIntervalSince1970:))
        return record
    }

    static func metricsText(_ metrics: [String: Double]) -> String {
        JSONValue.object(metrics.filter { $0.value.isFinite }.mapValues(JSONValue.number)).canonicalText
    }

    static func valuesText(_ values: [Double]) -> String {
        JSONValue.array(values.map(JSONValue.number)).canonicalText
    }

    static func metrics(_ text: String) throws -> [String: Double] {
        guard case .object(let object) = try JSONValue.parse(text) else { return [:] }
        return object.compactMapValues { if case .number(let v) = $0 { v } else { nil } }
    }

    static func values(_ text: String) throws -> [Double] {
        guard case .array(let array) = try JSONValue.parse(text) else { return [] }
        return array.compactMap { if case .number(let v) = $0 { v } else { nil } }
    }
}
