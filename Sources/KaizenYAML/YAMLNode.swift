import Foundation

/// One node of a parsed YAML document that remembers where it came from (file, key path,
/// line, column), so every later validation error can point at the exact spot.
///
/// It is a plain Sendable value, detached from Yams' reference-typed nodes, so parsed
/// configuration can be shared freely across tasks.
public struct YAMLNode: Sendable {
    /// The file the node was read from, as the caller named it.
    public let file: String
    /// Dotted key path of this node (`llm.timeouts.total`, `rules[1].when`); "" for the root.
    public let path: String
    /// 1-based line where the node starts.
    public let line: Int
    /// 1-based column where the node starts.
    public let column: Int

    let content: YAMLContent

    init(file: String, path: String, line: Int, column: Int, content: YAMLContent) {
        self.file = file
        self.path = path
        self.line = line
        self.column = column
        self.content = content
    }

    /// True for an explicit or implied null (`key:`, `key: ~`, `key: null`).
    public var isNull: Bool {
        if case .scalar(let scalar) = content, scalar.kind == .null { return true }
        return false
    }

    /// An error located at this node, for checks the accessors cannot know about
    /// (cross-field rules, uniqueness), so they read like every other error.
    public func error(_ message: String) -> ConfigError {
        ConfigError(file: file, line: line, column: column, key: path.isEmpty ? nil : path, message: message)
    }

    /// How this node looks in a "found ..." phrase: its text for scalars, its kind otherwise.
    var found: String {
        switch content {
        case .mapping: return "a mapping"
        case .sequence: return "a sequence"
        case .scalar(let scalar):
            if scalar.kind == .null { return "null" }
            let shown = scalar.excerpt
            if scalar.quoted, [.bool, .int, .float].contains(YAMLScalar.resolve(plain: scalar.text)) {
                return "the quoted string '\(shown)' (remove the quotes)"
            }
            return "'\(shown)'"
        }
    }

    /// The path of a child reached through a mapping key.
    func childPath(key: String) -> String {
        path.isEmpty ? key : "\(path).\(key)"
    }

    /// The path of a child reached through a sequence index.
    func childPath(index: Int) -> String {
        "\(path)[\(index)]"
    }
}
