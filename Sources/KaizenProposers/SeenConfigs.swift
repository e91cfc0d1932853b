import KaizenCore
import KaizenSearchSpace

/// The persona slices already tried (the production config and every observation) plus
/// those proposed so far in a batch, so no proposal spends a training run on a repeat.
struct SeenConfigs {
    private var keys: Set<String> = []

    init(space: SearchSpace, persona: Persona, base: JSONValue, history: [Observation]) {
        keys.insert(Self.key(space.values(of: base, persona: persona)))
        for observation in history {
            keys.insert(Self.key(space.values(of: base.merging(patch: observation.delta), persona: persona)))
        }
    }

    /// Records `values`; false when they were seen before.
    mutating func insert(_ values: FieldValues) -> Bool {
        keys.insert(Self.key(values)).inserted
    }

    private static func key(_ values: FieldValues) -> String {
        JSONValue.object(values).canonicalText
    }
}
