import Foundation

/// A journal entry: one proposed change to the production config, with its lifecycle state.
public struct Candidate: Sendable, Hashable, Identifiable {
    public var id: String
    public var runID: String?
    public var persona: Persona
    public var state: LifecycleState
    /// Who proposed it: `llm`, `random`, `evolutionary`, `human`, ...
    public var proposer: String
    /// Fingerprint of the production config this delta was proposed against.
    public var baseFingerprint: String?
    public var delta: JSONValue?
    public var config: JSONValue?
    public var fingerprint: String?
    public var hypothesis: String
    public var rationale: String
    /// The raw LLM reply, kept for rejected proposals so nothing is dropped silently.
    public var rawText: String?
    /// Why it was rejected, failed, or moved; the latest reason.
    public var reason: String?
    /// The candidate this one is a near-duplicate of.
    public var nearID: String?
    public var attempts: Int
    /// The agent episode (trajectory) that proposed it, when an agent did.
    public var trajectoryID: String?
    /// A code candidate's source (e.g. a PyTorch `Net` class); its `fingerprint` is then the
    /// SHA-256 of this text with all whitespace removed.
    public var code: String?
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: String = KaizenID.make("cand"), runID: String? = nil, persona: Persona, state: LifecycleState = .proposed,
        proposer: String, baseFingerprint: String? = nil, delta: JSONValue? = nil, config: JSONValue? = nil,
        fingerprint: String? = nil, hypothesis: String = "", rationale: String = "", rawText: String? = nil,
        reason: String? = nil, nearID: String? = nil, attempts: Int = 0, trajectoryID: String? = nil, code: String? = nil,
        createdAt: Date = Date(), updatedAt: Date? = nil
    ) {
        self.trajectoryID = trajectoryID
        self.code = code
        self.id = id
        self.runID = runID
        self.persona = persona
        self.state = state
        self.proposer = proposer
        self.baseFingerprint = baseFingerprint
        self.delta = delta
        self.config = config
        self.fingerprint = fingerprint
        self.hypothesis = hypothesis
        self.rationale = rationale
        self.rawText = rawText
        self.reason = reason
        self.nearID = nearID
        self.attempts = attempts
        self.createdAt = createdAt
        self.updatedAt = updatedAt ?? createdAt
    }
}
