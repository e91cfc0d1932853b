import KaizenCore
import KaizenPolicy
import KaizenProposers

/// What de-duplication decided about a new config.
public enum DuplicateVerdict: Sendable, Hashable {
    case unique
    /// Same fingerprint as an earlier candidate.
    case duplicate(of: String)
    /// Within the persona's policy threshold of an earlier candidate.
    case nearDuplicate(of: String, distance: Double)
}

/// The journal's configs, for exact (fingerprint) and near (search-space distance) checks.
/// Invalid and duplicate candidates are not members: they were never trained.
public struct DuplicateIndex: Sendable {
    public let distance: SearchDistance
    public let policy: Policy.Dedup
    private(set) var fingerprints: [String: String] = [:]
    private(set) var configs: [Persona: [(id: String, config: JSONValue)]] = [:]

    public init(distance: SearchDistance, policy: Policy.Dedup) {
        self.distance = distance
        self.policy = policy
    }

    public var count: Int { fingerprints.count }

    public mutating func insert(id: String, persona: Persona, config: JSONValue, fingerprint: String) {
        if fingerprints[fingerprint] == nil { fingerprints[fingerprint] = id }
        configs[persona, default: []].append((id, config))
    }

    /// Exact first (one hash lookup), then the nearest earlier config of the same persona.
    public func check(config: JSONValue, fingerprint: String, persona: Persona) -> DuplicateVerdict {
        if let id = fingerprints[fingerprint] { return .duplicate(of: id) }
        return nearCheck(config: config, persona: persona)
    }

    public func containsFingerprint(_ fingerprint: String) -> Bool { fingerprints[fingerprint] != nil }

    func nearCheck(config: JSONValue, persona: Persona) -> DuplicateVerdict {
        guard let threshold = policy.threshold(for: persona.rawValue), threshold > 0 else { return .unique }
        var best: (id: String, d: Double)?
        for (id, other) in configs[persona] ?? [] {
            let d = distance.distance(config, other, persona: persona)
            if d <= threshold, d < (best?.d ?? .infinity) { best = (id, d) }
        }
        return best.map { .nearDuplicate(of: $0.id, distance: $0.d) } ?? .unique
    }
}
