import KaizenCore

/// A proposal as the agent accepted it: the delta is reduced to the fields it really
/// changes, and `config` is production with the delta applied, canonicalized.
public struct Proposal: Sendable, Hashable {
    public var hypothesis: String
    public var delta: JSONValue
    public var rationale: String
    public var evidenceIDs: [String]
    public var config: JSONValue
    public var fingerprint: String

    public init(hypothesis: String, delta: JSONValue, rationale: String, evidenceIDs: [String], config: JSONValue, fingerprint: String) {
        self.hypothesis = hypothesis
        self.delta = delta
        self.rationale = rationale
        self.evidenceIDs = evidenceIDs
        self.config = config
        self.fingerprint = fingerprint
    }
}

/// Why a reply or a delta was not accepted; journaled with the raw text.
public struct ProposalRejection: Error, Sendable, Hashable, CustomStringConvertible {
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
}
