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
}
