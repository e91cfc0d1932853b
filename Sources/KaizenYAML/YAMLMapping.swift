/// A mapping whose keys have been checked against an allow-list, with lookups that
/// produce located errors for missing keys.
public struct YAMLMapping: Sendable {
    /// The mapping node itself, for errors about the mapping as a whole.
    public let node: YAMLNode
    let entries: [YAMLEntry]

    init(node: YAMLNode, entries: [YAMLEntry]) {
        self.node = node
        self.entries = entries
    }

    /// The keys in document order, so output and errors follow the file.
    public var keys: [String] {
        entries.map(\.key)
    }

    /// The value of `key`; nil when absent. A key written with no value (`key:`) is present
    /// and yields a node whose `isNull` is true.
    public subscript(key: String) -> YAMLNode? {
        entries.first { $0.key == key }?.value
    }

    /// The value of a key that must be present; the error points at the mapping (the key
    /// has no line of its own) and names the key's full path.
    public func required(_ key: String) throws -> YAMLNode {
        guard let value = self[key] else {
            throw ConfigError(file: node.file, line: node.line, column: node.column, key: node.childPath(key: key),
                              message: "missing required key '\(key)'")
        }
        return value
    }

    /// Reads a key that may be absent or null (both mean "use the default").
    public func optional<T>(_ key: String, _ read: (YAMLNode) throws -> T) throws -> T? {
        guard let value = self[key], !value.isNull else { return nil }
        return try read(value)
    }
}
