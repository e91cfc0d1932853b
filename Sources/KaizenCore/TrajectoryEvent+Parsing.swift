/// Why a trajectory line was refused; `line` is 1-based within its file.
public struct TrajectoryLineError: Error, Sendable, Equatable, CustomStringConvertible {
    public let line: Int
    public let reason: String
    public var description: String { "line \(line): \(reason)" }
}

extension TrajectoryEvent {
    /// Parses and validates one line of `kaizen.trajectory.v1`.
    public static func parse(line text: String, number: Int) throws(TrajectoryLineError) -> TrajectoryEvent {
        func fail(_ reason: String) -> TrajectoryLineError { TrajectoryLineError(line: number, reason: reason) }
        let value: JSONValue
        do { value = try JSONValue.parse(text) } catch { throw fail(error.description) }
        guard var fields = value.objectValue else { throw fail("expected a JSON object, found \(value.typeName)") }
        guard let schema = fields.removeValue(forKey: "schema")?.stringValue else { throw fail("missing \"schema\"") }
        guard schema == Self.schema else { throw fail("unsupported schema \"\(schema)\" (expected \"\(Self.schema)\")") }
        guard let trajectory = fields.removeValue(forKey: "trajectory")?.stringValue, !trajectory.isEmpty else {
            throw fail("\"trajectory\" must be a non-empty string")
        }
        guard let step = fields.removeValue(forKey: "step")?.intValue, step >= 0 else {
            throw fail("\"step\" must be a non-negative integer")
        }
        guard let typeName = fields.removeValue(forKey: "type")?.stringValue else { throw fail("missing \"type\"") }
        guard let kind = Kind(rawValue: typeName) else {
            throw fail("unknown type \"\(typeName)\" (expected one of \(Kind.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        let event = TrajectoryEvent(trajectory: trajectory, step: step, kind: kind, fields: fields)
        if let problem = event.validationProblem { throw fail(problem) }
        return event
    }

    /// The first required field that is missing or of the wrong type for this kind, if any.
    public var validationProblem: String? {
        func string(_ key: String) -> String? {
            fields[key]?.stringValue == nil ? "\(kind.rawValue) needs a string \"\(key)\"" : nil
        }
        switch kind {
        case .task, .answer, .proposal: return string("text")
        case .browse: return string("doc")
        case .reason:
            if let problem = string("text") { return problem }
            if let tokens = fields["tokens"], (tokens.intValue ?? -1) < 0 { return "\"tokens\" must be a non-negative integer" }
            return nil
        case .search:
            if let problem = string("query") { return problem }
            guard let results = fields["results"]?.arrayValue else { return "search needs an array \"results\"" }
            for (i, result) in results.enumerated() {
                guard result["doc"]?.stringValue != nil else { return "results[\(i)] needs a string \"doc\"" }
                guard let rank = result["rank"]?.intValue, rank >= 1 else { return "results[\(i)].rank must be an integer >= 1" }
                _ = rank
                if let score = result["score"], score.doubleValue == nil { return "results[\(i)].score must be a number" }
            }
            return nil
        case .outcome:
            guard fields["success"]?.boolValue != nil else { return "outcome needs a boolean \"success\"" }
            if let metrics = fields["metrics"], metrics.objectValue == nil { return "\"metrics\" must be an object" }
            return nil
        }
    }
}
