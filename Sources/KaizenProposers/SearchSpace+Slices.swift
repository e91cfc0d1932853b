import KaizenCore
import KaizenSearchSpace

/// A persona's view of a config: field path → value. Proposers breed and compare these,
/// then turn them back into deltas.
typealias FieldValues = [String: JSONValue]

extension SearchSpace {
    /// The persona's fields present in `config`.
    func values(of config: JSONValue, persona: Persona) -> FieldValues {
        var out: FieldValues = [:]
        for field in fields[persona] ?? [] {
            if let value = config.value(at: field.path) { out[field.path] = value }
        }
        return out
    }

    /// The delta that turns `base` into a config with `values`: only the fields that differ,
    /// which keeps deltas short and makes them say what actually changes.
    func delta(setting values: FieldValues, against base: JSONValue) -> JSONValue {
        var delta = JSONValue.object([:])
        for path in values.keys.sorted() where base.value(at: path) != values[path] {
            delta = delta.setting(values[path]!, at: path)
        }
        return delta
    }
}
