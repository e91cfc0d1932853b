import KaizenCore

/// What happened to one proposal of a round.
public struct ProposalOutcome: Sendable {
    public enum Verdict: String, Sendable { case valid, invalid, duplicate, nearDuplicate = "near-duplicate", error }

    public var persona: Persona
    public var proposer: String
    public var strategy: String
    public var candidateID: String?
    public var hypothesis: String
    public var delta: JSONValue?
    public var verdict: Verdict
    public var reason: String?
    public var seconds: Double

    public var json: JSONValue {
        [
            "persona": .string(persona.rawValue), "proposer": .string(proposer), "strategy": .string(strategy),
            "candidate": candidateID.map(JSONValue.string) ?? .null, "hypothesis": .string(hypothesis),
            "delta": delta ?? .null, "state": .string(verdict.rawValue), "reason": reason.map(JSONValue.string) ?? .null,
            "seconds": .number(seconds),
        ]
    }
}

/// One round of the offline agent.
public struct RoundReport: Sendable {
    public var persona: Persona
    public var trajectoryID: String?
    public var outcomes: [ProposalOutcome] = []
    public var promptTokens = 0
    public var completionTokens = 0
    /// Why the round stopped before `count` proposals, e.g. a budget.
    public var stoppedEarly: String?

    public func count(_ verdict: ProposalOutcome.Verdict) -> Int { outcomes.filter { $0.verdict == verdict }.count }
}
