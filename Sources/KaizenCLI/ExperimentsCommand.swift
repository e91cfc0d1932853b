import ArgumentParser
import Foundation
import KaizenCore
import KaizenOnline
import KaizenStore
import KaizenWorkspace

/// `kaizen experiments list|show ID`.
struct ExperimentsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "experiments", abstract: "Live A/B experiments: their daily metrics and decisions.",
        subcommands: [List.self, Show.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Every experiment, newest first.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let (_, store) = try global.openStore()
            let experiments = try store.experiments()
            if output.json {
                printJSON(.array(experiments.map { e in
                    .object([
                        "id": .string(e.id), "candidate": .string(e.candidateID), "status": .string(e.status.rawValue),
                        "test": .string(e.test), "days": .number(Double(e.lastDay + 1)), "traffic_fraction": .number(e.trafficFraction),
                        "outcome_reason": e.decision?["reason"] ?? .null, "relative_estimate": e.decision?["relative_estimate"] ?? .null,
                        "last_error": e.lastError.map(JSONValue.string) ?? .null,
                    ])
                }))
                return
            }
            if experiments.isEmpty { print("No experiments yet. `kaizen online step` starts them from scored candidates.") }
            for e in experiments {
                var line = "\(e.id)  \(e.candidateID)  \(e.status.rawValue)  day \(e.lastDay + 1)  \(e.test)"
                if let lift = e.decision?["relative_estimate"]?.doubleValue { line += String(format: "  north star %+.2f%%", lift * 100) }
                print(line)
                if let reason = e.decision?["reason"]?.stringValue { print("    \(reason)") }
                if let error = e.lastError { print("    last error: \(error)") }
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "One experiment: daily metrics relative to control (per day and cumulative), the north-star test and the decision.")
        @Argument(help: "The experiment id.")
        var id: String
        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let (workspace, store) = try global.openStore()
            let record = try store.experiment(id)
            let summary = ExperimentSummary(
                record: record, days: try store.experimentDays(id), cohorts: try store.experimentCohorts(id),
                userMetrics: try store.experimentUserMetrics(id), policy: try workspace.loadPolicy())
            if output.json { return printJSON(summary.json) }
            print("experiment \(record.id): candidate \(record.candidateID), \(record.status.rawValue), \(record.test) test on \(record.northStar)")
            print("  \(String(format: "%.1f%%", record.trafficFraction * 100)) of users per arm, control = production config \(record.productionID), environment \(record.environment)")
            if let error = record.lastError { print("  last error: \(error)") }
            print("")
            print("  day  metric                   control      treatment    vs control   cumulative")
            for row in summary.rows {
                print("  " + [
                    String(row.day).padding(toLength: 4, withPad: " ", startingAt: 0),
                    row.metric.padding(toLength: 24, withPad: " ", startingAt: 0),
                    Self.number(row.control).padding(toLength: 12, withPad: " ", startingAt: 0),
                    Self.number(row.treatment).padding(toLength: 12, withPad: " ", startingAt: 0),
                    Percent.format(row.relative).padding(toLength: 12, withPad: " ", startingAt: 0),
                    Percent.format(row.cumulative),
                ].joined(separator: " "))
            }
            print("")
            print("  north star: \(summary.cohorts.count) cohort(s) closed, \(summary.controlObservations.count) control and \(summary.treatmentObservations.count) treatment users")
            if let d = record.decision {
                print("  decision: \(d["outcome"]?.stringValue ?? "?") — \(d["reason"]?.stringValue ?? "")")
                var stats: [String] = []
                if let v = d["relative_estimate"]?.doubleValue { stats.append("effect \(Percent.format(v))") }
                if let lo = d["ci_low"]?.doubleValue, let hi = d["ci_high"]?.doubleValue { stats.append(String(format: "interval [%.4g, %.4g]", lo, hi)) }
                if let p = d["p_value"]?.doubleValue { stats.append(String(format: "p %.4g", p)) }
                if let e = d["e_value"]?.doubleValue { stats.append(String(format: "e-value %.4g", e)) }
                if let n = d["days"]?.intValue { stats.append("\(n) days") }
                print("    " + stats.joined(separator: ", "))
            } else if let interim = summary.interim {
                print("  so far: \(interim)")
            }
        }

        static func number(_ x: Double) -> String { x.rounded() == x && abs(x) < 1e9 ? String(Int(x)) : String(format: "%.4f", x) }
    }
}
