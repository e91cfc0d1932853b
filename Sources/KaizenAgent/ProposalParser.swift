import KaizenCore
import KaizenSearchSpace

/// Turns a model's reply into a `Proposal`, strictly: exact keys and types, a delta legal in
/// the persona's slice of the search space that changes at least one value, and evidence ids
/// only from the documents offered. Each failure names the field.
public struct ProposalParser: Sendable {
    public static let keys: Set<String> = ["hypothesis", "delta", "rationale", "evidence_ids"]

    public var space: SearchSpace
    public var persona: Persona
    public var production: JSONValue
    public var offeredEvidence: Set<String>

    public init(space: SearchSpace, persona: Persona, production: JSONValue, offeredEvidence: Set<String>) {
        self.space = space
        self.persona = persona
        self.production = production
        self.offeredEvidence = offeredEvidence
    }

    public func parse(text: String) -> Result<Proposal, ProposalRejection> {
        let value: JSONValue
        do {
            value = try JSONValue.parseModelOutput(text.trimmingCharacters(in: .whitespacesAndNewlines))
        } catch {
            return .failure(ProposalRejection("reply is not JSON: \(error.message)"))
        }
        return parse(value)
    }

    public func parse(_ value: JSONValue) -> Result<Proposal, ProposalRejection> {
        guard case .object(let object) = value else {
            return .failure(ProposalRejection("reply: expected a JSON object, found \(value.typeName)"))
        }
        if let extra = Set(object.keys).subtracting(Self.keys).sorted().first {
            return .failure(ProposalRejection("\(extra): not a field of a proposal (expected hypothesis, delta, rationale, evidence_ids)"))
        }
        guard let hypothesis = object["hypothesis"]?.stringValue?.trimmingCharacters(in: .whitespacesAndNewlines) else {
            return .failure(ProposalRejection(object["hypothesis"] == nil ? "hypothesis: missing" : "hypothesis: expected a string"))
        }
        guard !hypothesis.isEmpty else { return .failure(ProposalRejection("hypothesis: empty")) }
        let rationale: String
        switch object["rationale"] {
        case nil: return .failure(ProposalRejection("rationale: missing"))
        case .string(let text)?: rationale = text.trimmingCharacters(in: .whitespacesAndNewlines)
        default: return .failure(ProposalRejection("rationale: expected a string"))
        }
        var evidence: [String] = []
        switch object["evidence_ids"] {
        case nil: return .failure(ProposalRejection("evidence_ids: missing"))
        case .array(let items)?:
            for (i, item) in items.enumerated() {
                guard let id = item.stringValue else { return .failure(ProposalRejection("evidence_ids[\(i)]: expected a string")) }
                guard offeredEvidence.contains(id) else {
                    return .failure(ProposalRejection("evidence_ids[\(i)]: \(id) was not among the documents offered"))
                }
                if !evidence.contains(id) { evidence.append(id) }
            }
        default: return .failure(ProposalRejection("evidence_ids: expected a list of document ids"))
        }
        guard let rawDelta = object["delta"] else { return .failure(ProposalRejection("delta: missing")) }
        let problems = space.problems(inDelta: rawDelta, persona: persona)
        if let first = problems.first {
            let located = first.hasPrefix("delta:") ? first : "delta." + first
            return .failure(ProposalRejection(located + (problems.count > 1 ? " (and \(problems.count - 1) more)" : "")))
        }
        let delta = Self.changes(rawDelta, from: production)
        guard delta.objectValue?.isEmpty == false else {
            return .failure(ProposalRejection("delta: every value equals production's; it changes nothing"))
        }
        let config = production.merging(patch: delta)
        return .success(Proposal(
            hypothesis: hypothesis, delta: delta, rationale: rationale, evidenceIDs: evidence, config: config,
            fingerprint: Fingerprint.ofConfig(config)))
    }

    /// The part of a merge patch that differs from `base`: what the delta really changes.
    static func changes(_ patch: JSONValue, from base: JSONValue) -> JSONValue {
        guard case .object(let fields) = patch else { return patch }
        var out: [String: JSONValue] = [:]
        for (key, value) in fields {
            let current = base[key]
            if case .object = value, case .object? = current {
                let inner = changes(value, from: current!)
                if inner.objectValue?.isEmpty == false { out[key] = inner }
            } else if current.map({ !Self.same($0, value) }) ?? true {
                out[key] = value
            }
        }
        return .object(out)
    }

    /// Numbers compare by value (1 and 1.0 are the same setting).
    static func same(_ a: JSONValue, _ b: JSONValue) -> Bool {
        if let x = a.doubleValue, let y = b.doubleValue { return x == y }
        return a == b
    }
}
