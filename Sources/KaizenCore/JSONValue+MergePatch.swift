extension JSONValue {
    /// Applies `patch` as a JSON merge patch (RFC 7396): objects merge key by key, `null`
    /// removes a key, anything else replaces. Deltas from personas are merge patches.
    public func merging(patch: JSONValue) -> JSONValue {
        guard case .object(let patchFields) = patch else { return patch }
        var result: [String: JSONValue]
        if case .object(let fields) = self { result = fields } else { result = [:] }
        for (key, value) in patchFields {
            if value == .null {
                result.removeValue(forKey: key)
            } else {
                result[key] = (result[key] ?? .null).merging(patch: value)
            }
        }
        return .object(result)
    }

    /// The dotted paths of every leaf a merge patch sets or removes, e.g. `optimizer.lr`.
    public func patchedPaths(prefix: String = "") -> [String] {
        guard case .object(let fields) = self, !fields.isEmpty || prefix.isEmpty else { return [prefix] }
        return fields.keys.sorted().flatMap { key -> [String] in
            let path = prefix.isEmpty ? key : prefix + "." + key
            if case .object = fields[key]! { return fields[key]!.patchedPaths(prefix: path) }
            return [path]
        }
    }
}
