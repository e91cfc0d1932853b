import KaizenCore

/// What a run did, for its last line and the runs table.
public struct LoopSummary: Sendable, Equatable {
    public var cycles = 0
    public var proposed = 0
    public var valid = 0
    public var rejected = 0
    public var tokens = 0
    public var usd = 0.0
    public var experimentsStarted = 0
    public var decisions = 0
    public var launches = 0
    public var awaitingApproval = 0
    /// Times this run was resumed after an interruption or a kill.
    public var resumes = 0
    /// Why the run ended: cycles done, a signal, a budget, an error.
    public var stoppedBecause = ""

    public init() {}

    /// Reads what `json` wrote; missing fields are zero.
    public init(json: JSONValue) {
        func int(_ key: String) -> Int { json[key]?.doubleValue.map { Int($0) } ?? 0 }
        cycles = int("cycles")
        proposed = int("proposed")
        valid = int("valid")
        rejected = int("rejected")
        tokens = int("tokens")
        usd = json["usd"]?.doubleValue ?? 0
        experimentsStarted = int("experiments_started")
        decisions = int("decisions")
        launches = int("launches")
        awaitingApproval = int("awaiting_approval")
        resumes = int("resumes")
        stoppedBecause = json["stopped_because"]?.stringValue ?? ""
    }

    public var json: JSONValue {
        .object([
            "cycles": .number(Double(cycles)), "proposed": .number(Double(proposed)), "valid": .number(Double(valid)),
            "rejected": .number(Double(rejected)), "tokens": .number(Double(tokens)), "usd": .number(usd),
            "experiments_started": .number(Double(experimentsStarted)), "decisions": .number(Double(decisions)),
            "launches": .number(Double(launches)), "awaiting_approval": .number(Double(awaitingApproval)),
            "resumes": .number(Double(resumes)), "stopped_because": .string(stoppedBecause),
        ])
    }

    public var line: String {
        "\(cycles) cycle(s): \(proposed) proposed (\(valid) valid, \(rejected) rejected), \(tokens) LLM tokens"
            + (usd > 0 ? String(format: " ($%.4f)", usd) : "") + "; "
            + "\(experimentsStarted) experiment(s) started, \(decisions) decided, \(launches) launched; "
            + "\(awaitingApproval) sent for approval" + (resumes > 0 ? "; resumed \(resumes) time(s)" : "")
            + "; stopped: \(stoppedBecause)"
    }
}
