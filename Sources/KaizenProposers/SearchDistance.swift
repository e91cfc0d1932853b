import KaizenCore
import KaizenSearchSpace

/// Distance in [0, 1] between two configs, seen through one persona's fields: the mean of
/// the per-field distances (`SearchField.distance`). Near-duplicate detection compares it
/// with small per-persona thresholds, so a numeric change moves it in proportion.
public struct SearchDistance: Sendable {
    public var space: SearchSpace

    public init(space: SearchSpace) {
        self.space = space
    }

    /// Between two configs (complete or partial); 0 for a persona with no fields.
    public func distance(_ a: JSONValue, _ b: JSONValue, persona: Persona) -> Double {
        let fields = space.fields[persona] ?? []
        guard !fields.isEmpty else { return 0 }
        let total = fields.reduce(0.0) { $0 + $1.distance(a.value(at: $1.path), b.value(at: $1.path)) }
        return Swift.min(1, Swift.max(0, total / Double(fields.count)))
    }

    /// Between a config and `base` with `delta` applied.
    public func distance(_ config: JSONValue, base: JSONValue, delta: JSONValue, persona: Persona) -> Double {
        distance(config, base.merging(patch: delta), persona: persona)
    }

    /// Between two deltas, each applied to `base`.
    public func distance(delta a: JSONValue, delta b: JSONValue, base: JSONValue, persona: Persona) -> Double {
        distance(base.merging(patch: a), base.merging(patch: b), persona: persona)
    }
}
