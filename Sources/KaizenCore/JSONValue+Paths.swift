extension JSONValue {
    /// The value at a dotted path of nested objects.
    public func value(at path: String) -> JSONValue? {
        var current: JSONValue? = self
        for key in path.split(separator: ".") { current = current?[String(key)] }
        return current
    }

    /// Dotted paths of every non-object value (arrays count as leaves).
    public func leafPaths(prefix: String = "") -> [String] {
        guard case .object(let fields) = self else { return prefix.isEmpty ? [] : [prefix] }
        return fields.keys.sorted().flatMap { key in
            fields[key]!.leafPaths(prefix: prefix.isEmpty ? key : prefix + "." + key)
        }
    }
}
