import KaizenCore

extension JSONValue {
    /// A copy with `value` at the dotted `path`, creating objects on the way, so deltas can
    /// be built from field paths like `optimizer.learning_rate`.
    func setting(_ value: JSONValue, at path: String) -> JSONValue {
        setting(value, at: path.split(separator: ".").map(String.init)[...])
    }

    private func setting(_ value: JSONValue, at keys: ArraySlice<String>) -> JSONValue {
        guard let key = keys.first else { return value }
        var fields = objectValue ?? [:]
        fields[key] = (fields[key] ?? .null).setting(value, at: keys.dropFirst())
        return .object(fields)
    }
}
