import Foundation
import KaizenCore
import KaizenPolicy
import KaizenStats
import KaizenStore

/// An experiment as people read it: each day's metrics relativized to the control arm, per
/// day and cumulatively, and the north-star test with its observations.
public struct ExperimentSummary: Sendable {
    public struct Row: Sendable, Equatable {
        public var day: Int
        public var metric: String
        public var control: Double
        public var treatment: Double
        /// treatment / control - 1 on that day.
        public var relative: Double
        /// The same over all days so far (ratio of the day means).
        public var cumulative: Double
    }

    public var record: ExperimentRecord
    public var rows: [Row]
    public var cohorts: [CohortObservations]
    /// The stored decision, or for a running experiment where the test stands now.
    public var decision: JSONValue?
    public var interim: String?

    /// The latest per-user guardrail values, when the environment reports them.
    public var userMetrics: [String: ArmObservations]

    public init(record: ExperimentRecord, days: [DayMetrics], cohorts: [CohortObservations], userMetrics: [String: ArmObservations] = [:], policy: Policy) {
        self.userMetrics = userMetrics
        self.record = record
        self.cohorts = cohorts
        var rows: [Row] = []
        var sums: [String: (c: Double, t: Double)] = [:]
        for day in days {
            for metric in day.control.keys.sorted() {
                guard let c = day.control[metric], let t = day.treatment[metric] else { continue }
                let sum = sums[metric, default: (0, 0)]
                sums[metric] = (sum.c + c, sum.t + t)
                let cumulative = sums[metric]!
                rows.append(Row(
                    day: day.day, metric: metric, control: c, treatment: t, relative: c != 0 ? t / c - 1 : .nan,
                    cumulative: cumulative.c != 0 ? cumulative.t / cumulative.c - 1 : .nan))
            }
        }
        self.rows = rows
        if let decision = record.decision {
            self.decision = decision
        } else if record.status.isActive {
            let judge = ExperimentJudge(launch: policy.launch, guardrails: policy.guardrails, test: Policy.Launch.Test(rawValue: record.test))
            switch judge.judge(days: days, cohorts: cohorts, userMetrics: userMetrics, state: record.state) {
            case .running(_, let note): interim = note
            case .decided(let d, _): interim = "would decide \(d.outcome.rawValue) at the next step: \(d.reason)"
            }
        }
    }

    /// The observations the north-star test used, pooled over closed cohorts.
    public var controlObservations: [Double] { cohorts.flatMap(\.control) }
    public var treatmentObservations: [Double] { cohorts.flatMap(\.treatment) }

    public var json: JSONValue {
        func number(_ x: Double) -> JSONValue { x.isFinite ? .number(x) : .null }
        let r = record
        var object: [String: JSONValue] = [
            "id": .string(r.id), "candidate": .string(r.candidateID), "status": .string(r.status.rawValue),
            "environment": .string(r.environment), "handle": r.handle.map(JSONValue.string) ?? .null,
            "test": .string(r.test), "north_star": .string(r.northStar), "traffic_fraction": .number(r.trafficFraction),
            "seed": .number(Double(r.seed)), "production_id": .number(Double(r.productionID)), "days": .number(Double(r.lastDay + 1)),
            "started_at": .string(r.startedAt.formatted(.iso8601)), "ended_at": r.endedAt.map { .string($0.formatted(.iso8601)) } ?? .null,
            "last_error": r.lastError.map(JSONValue.string) ?? .null,
            "control_config": r.control, "treatment_config": r.treatment,
            "daily": .array(rows.map {
                .object([
                    "day": .number(Double($0.day)), "metric": .string($0.metric), "control": number($0.control),
                    "treatment": number($0.treatment), "relative": number($0.relative), "cumulative_relative": number($0.cumulative),
                ])
            }),
            "cohorts_closed": .number(Double(cohorts.count)),
            "control": .array(controlObservations.map(JSONValue.number)),
            "treatment": .array(treatmentObservations.map(JSONValue.number)),
            "decision": decision ?? .null,
            "user_metrics": .object(userMetrics.mapValues { values in
                .object([
                    "control_n": .number(Double(values.control.count)), "treatment_n": .number(Double(values.treatment.count)),
                    "control_mean": number(Sample.mean(values.control)), "treatment_mean": number(Sample.mean(values.treatment)),
                ])
            }),
        ]
        if let interim { object["interim"] = .string(interim) }
        return .object(object)
    }
}
