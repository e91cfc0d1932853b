import KaizenCore

/// What a run did, for its last line and the runs table.
public struct LoopSummary: Sendable, Equatable {
    public var cycles = 0
    public var proposed = 0
    public var valid = 0
    public var rejected = 0
    public var tokens = 0
    public var experimentsStarted = 0
    public var decisions = 0
    public var launches = 0
    public var awaitingApproval = 0
    /// Why the run ended: cycles done, a signal, an error.
    public var stoppedBecause = ""

    public init() {}

    public var json: JSONValue {
        .object([
            "cycles": .number(Double(cycles)), "proposed": .number(Double(proposed)), "valid": .number(Double(valid)),
            "rejected": .number(Double(rejected)), "tokens": .number(Double(tokens)),
            "experiments_started": .number(Double(experimentsStarted)), "decisions": .number(Double(decisions)),
            "launches": .number(Double(launches)), "awaiting_approval": .number(Double(awaitingApproval)),
            "stopped_because": .string(stoppedBecause),
        ])
    }

    public var line: String {
        "\(cycles) cycle(s): \(proposed) proposed (\(valid) valid, \(rejected) rejected), \(tokens) LLM tokens; "
            + "\(experimentsStarted) experiment(s) started, \(decisions) decided, \(launches) launched; "
            + "\(awaitingApproval) sent for approval; stopped: \(stoppedBecause)"
    }
}
