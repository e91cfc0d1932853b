import Foundation
import GRDB
import KaizenCore

/// A measured value of a candidate: a proxy metric (offline) or an experiment metric (online).
public struct MetricValue: Sendable, Hashable {
    public enum Source: String, Sendable { case offline, online }
    public var name: String
    public var value: Double
    /// Epoch or day, for curves; nil for a final value.
    public var step: Int?
    public var source: Source

    public init(name: String, value: Double, step: Int? = nil, source: Source) {
        self.name = name
        self.value = value
        self.step = step
        self.source = source
    }
}

extension Store {
    /// Records metrics of a candidate in one transaction. Non-finite values are refused:
    /// a NaN loss is a failed training, not a metric.
    public func recordMetrics(_ metrics: [MetricValue], candidate: String, at: Date = Date()) throws(StoreError) {
        if let bad = metrics.first(where: { !$0.value.isFinite }) {
            throw .constraint(operation: "record metrics of \(candidate)", message: "metric \(bad.name) is not finite (\(bad.value))")
        }
        try write("record metrics of \(candidate)") { db in
            for metric in metrics {
                try db.execute(
                    sql: "INSERT INTO metrics (candidate_id, name, value, step, source, recorded_at) VALUES (?, ?, ?, ?, ?, ?)",
                    arguments: [candidate, metric.name, metric.value, metric.step, metric.source.rawValue, at.timeIntervalSince1970])
            }
        }
    }

    public func metrics(candidate: String) throws(StoreError) -> [MetricValue] {
        try read("read metrics") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM metrics WHERE candidate_id = ? ORDER BY id", arguments: [candidate]).map { row in
                MetricValue(name: row["name"], value: row["value"], step: row["step"], source: MetricValue.Source(rawValue: row["source"]) ?? .offline)
            }
        }
    }

    /// Every candidate's metrics in one query, keyed by candidate, each in recorded order.
    public func allMetrics() throws(StoreError) -> [String: [MetricValue]] {
        try read("read all metrics") { db in
            var result: [String: [MetricValue]] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT * FROM metrics ORDER BY id") {
                result[row["candidate_id"], default: []].append(
                    MetricValue(name: row["name"], value: row["value"], step: row["step"], source: MetricValue.Source(rawValue: row["source"]) ?? .offline))
            }
            return result
        }
    }
}
