import Foundation
import KaizenCore

/// The requests `CommandEnvironment` writes to its commands' stdin: one line of compact JSON,
/// keys sorted. Written by hand so that a 64-bit seed keeps all its digits (JSONValue numbers
/// are Double).
enum CommandEnvironmentRequest {
    static func start(_ spec: ExperimentSpec) -> String {
        line([
            ("candidate", JSONValue.string(spec.candidateID).canonicalText),
            ("control", spec.control.canonicalText),
            ("experiment", JSONValue.string(spec.id).canonicalText),
            ("north_star", JSONValue.string(spec.northStar).canonicalText),
            ("seed", String(spec.seed)),
            ("traffic_fraction", JSONValue.number(spec.trafficFraction).canonicalText),
            ("treatment", spec.treatment.canonicalText),
        ])
    }

    static func poll(_ spec: ExperimentSpec, handle: String, afterDay: Int) -> String {
        line([
            ("after_day", String(afterDay)),
            ("experiment", JSONValue.string(spec.id).canonicalText),
            ("handle", JSONValue.string(handle).canonicalText),
        ])
    }

    static func stop(_ spec: ExperimentSpec, handle: String, reason: String) -> String {
        line([
            ("experiment", JSONValue.string(spec.id).canonicalText),
            ("handle", JSONValue.string(handle).canonicalText),
            ("reason", JSONValue.string(reason).canonicalText),
        ])
    }

    /// `{"key":value,...}` and a newline, keys in UTF-8 order.
    private static func line(_ fields: [(String, String)]) -> String {
        let sorted = fields.sorted { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }
        return "{" + sorted.map { "\(JSONValue.string($0.0).canonicalText):\($0.1)" }.joined(separator: ",") + "}\n"
    }
}

/// Reading a command's reply, with the JSON path of whatever is wrong.
struct CommandEnvironmentReply {
    /// The command as errors name it.
    let command: String

    private func bad(_ field: String, _ reason: String) -> LiveEnvironmentError {
        .badOutput(command: command, field: field, reason: reason)
    }

    // MARK: The document

    /// Standard output as one JSON object: the whole text, or else its last non-empty line.
    func document(_ stdout: Data, droppedBytes: Int, limit: Int, stderrTail: String) throws(LiveEnvironmentError) -> [String: JSONValue] {
        let hint = Self.stderrHint(stderrTail)
        guard droppedBytes == 0 else {
            throw bad("stdout", "more than \(limit >> 20) MiB on standard output" + hint)
        }
        let text = String(decoding: stdout, as: UTF8.self)
        guard !text.allSatisfy(\.isWhitespace) else {
            throw bad("stdout", "standard output is empty; expected one JSON object" + hint)
        }
        let value: JSONValue
        do {
            value = try JSONValue.parse(JSONValue.quotingNonFiniteLiterals(text))
        } catch {
            // Log lines before a one-line reply.
            let last = text.split(whereSeparator: \.isNewline).lazy.map { $0.trimmingCharacters(in: .whitespaces) }.last { !$0.isEmpty }
            if let last, last.hasPrefix("{"), let object = (try? JSONValue.parse(JSONValue.quotingNonFiniteLiterals(last)))?.objectValue {
                return object
            }
            throw bad("stdout", "not JSON (\(error.message))" + hint)
        }
        guard let object = value.objectValue else {
            throw bad("stdout", "a JSON \(value.typeName), not an object" + hint)
        }
        return object
    }

    /// `; stderr: ...` with the end of standard error, when there is any.
    static func stderrHint(_ tail: String) -> String {
        let trimmed = tail.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? "" : "; stderr: \(trimmed.suffix(300))"
    }

    // MARK: start

    func handle(from reply: [String: JSONValue]) throws(LiveEnvironmentError) -> String {
        guard let value = reply["handle"] else { throw bad("handle", "missing; expected a non-empty string") }
        guard let handle = value.stringValue else { throw bad("handle", "expected a non-empty string, got \(Self.describe(value))") }
        guard !handle.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw bad("handle", "is empty") }
        return handle
    }

    // MARK: poll

    func pollReport(from reply: [String: JSONValue], afterDay: Int) throws(LiveEnvironmentError) -> PollReport {
        guard let daysValue = reply["days"] else { throw bad("days", "missing; expected an array (empty when nothing is new)") }
        guard let dayValues = daysValue.arrayValue else { throw bad("days", "expected an array, got \(Self.describe(daysValue))") }
        var days: [DayMetrics] = []
        days.reserveCapacity(dayValues.count)
        for (index, value) in dayValues.enumerated() {
            let day = try self.day(value, path: "days[\(index)]")
            let expected = afterDay + 1 + index
            guard day.day == expected else { throw .missingDays(command: command, expected: expected, found: day.day) }
            days.append(day)
        }
        let lastDay = afterDay + days.count

        var cohorts: [CohortObservations] = []
        switch reply["north_star"] {
        case nil, .null?: break
        case .array(let values)?:
            var seen: Set<Int> = []
            for (index, value) in values.enumerated() {
                let path = "north_star[\(index)]"
                let cohort = try self.cohort(value, path: path)
                guard cohort.cohortDay >= 0, cohort.cohortDay <= lastDay else {
                    throw bad(path + ".cohort_day", "\(cohort.cohortDay) is outside 0...\(lastDay) (a cohort closes after the day it entered, and no later than the last day measured)")
                }
                guard seen.insert(cohort.cohortDay).inserted else {
                    throw bad(path + ".cohort_day", "cohort \(cohort.cohortDay) appears twice")
                }
                cohorts.append(cohort)
            }
        case let other?:
            throw bad("north_star", "expected an array, got \(Self.describe(other))")
        }
        var userMetrics: [String: ArmObservations] = [:]
        switch reply["user_metrics"] {
        case nil, .null?: break
        case .object(let metrics)?:
            for name in metrics.keys.sorted() {
                let path = "user_metrics.\(name)"
                guard let arms = metrics[name]!.objectValue else { throw bad(path, "expected an object with control and treatment arrays, got \(Self.describe(metrics[name]!))") }
                userMetrics[name] = ArmObservations(
                    control: try observations(arms["control"], path: path + ".control"),
                    treatment: try observations(arms["treatment"], path: path + ".treatment"))
            }
        case let other?:
            throw bad("user_metrics", "expected an object of metrics, got \(Self.describe(other))")
        }
        return PollReport(days: days, cohorts: cohorts, userMetrics: userMetrics)
    }

    private func day(_ value: JSONValue, path: String) throws(LiveEnvironmentError) -> DayMetrics {
        guard let fields = value.objectValue else { throw bad(path, "expected an object, got \(Self.describe(value))") }
        let day = try integer(fields["day"], path: path + ".day")
        let control = try metrics(fields["control"], path: path + ".control")
        let treatment = try metrics(fields["treatment"], path: path + ".treatment")
        return DayMetrics(day: day, control: control, treatment: treatment)
    }

    /// One arm's metrics of a day: finite numbers; `null` ones are left out.
    private func metrics(_ value: JSONValue?, path: String) throws(LiveEnvironmentError) -> [String: Double] {
        guard let value else { throw bad(path, "missing; expected an object of metric numbers") }
        guard let fields = value.objectValue else { throw bad(path, "expected an object of metric numbers, got \(Self.describe(value))") }
        var metrics: [String: Double] = [:]
        metrics.reserveCapacity(fields.count)
        for name in fields.keys.sorted() {
            let metric = fields[name]!
            if case .null = metric { continue }
            metrics[name] = try number(metric, path: path + "." + name, nullHint: "")
        }
        return metrics
    }

    private func cohort(_ value: JSONValue, path: String) throws(LiveEnvironmentError) -> CohortObservations {
        guard let fields = value.objectValue else { throw bad(path, "expected an object, got \(Self.describe(value))") }
        let cohortDay = try integer(fields["cohort_day"], path: path + ".cohort_day")
        let control = try observations(fields["control"], path: path + ".control")
        let treatment = try observations(fields["treatment"], path: path + ".treatment")
        return CohortObservations(cohortDay: cohortDay, control: control, treatment: treatment)
    }

    /// One finite number per user.
    private func observations(_ value: JSONValue?, path: String) throws(LiveEnvironmentError) -> [Double] {
        guard let value else { throw bad(path, "missing; expected an array with one number per user") }
        guard let items = value.arrayValue else { throw bad(path, "expected an array with one number per user, got \(Self.describe(value))") }
        var numbers: [Double] = []
        numbers.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            numbers.append(try number(item, path: "\(path)[\(index)]", nullHint: " (each user needs a value; report 0 for a user with none)"))
        }
        return numbers
    }

    private func integer(_ value: JSONValue?, path: String) throws(LiveEnvironmentError) -> Int {
        guard let value else { throw bad(path, "missing; expected an integer") }
        guard let n = value.intValue else { throw bad(path, "expected an integer, got \(Self.describe(value))") }
        return n
    }

    private func number(_ value: JSONValue, path: String, nullHint: String) throws(LiveEnvironmentError) -> Double {
        switch value {
        case .number(let n) where n.isFinite:
            return n
        case .number:
            throw bad(path, "a number too large to be finite")
        case .string(let s) where Self.nonFiniteSpellings.contains(s.trimmingCharacters(in: .whitespaces).lowercased()):
            throw bad(path, "\(s) is not a finite number" + (nullHint.isEmpty ? "; write null for a metric not measured" : ""))
        case .null:
            throw bad(path, "expected a finite number, got null" + nullHint)
        default:
            throw bad(path, "expected a finite number, got \(Self.describe(value))")
        }
    }

    /// A value's type and, for short scalars, the value itself: `a string "0.3"`.
    static func describe(_ value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool(let b): return "a boolean (\(b))"
        case .number: return "a number (\(value.canonicalText))"
        case .string(let s): return s.count <= 40 ? "a string (\(value.canonicalText))" : "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }

    static let nonFiniteSpellings: Set<String> = ["nan", "-nan", "+nan", "inf", "-inf", "+inf", "infinity", "-infinity", "+infinity"]
}
