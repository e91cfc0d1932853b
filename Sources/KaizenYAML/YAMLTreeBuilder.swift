import Yams

/// Copies a Yams node tree into Sendable `YAMLNode`s, assigning each its key path.
///
/// It counts nodes because aliases are expanded: a small "billion laughs" file would
/// otherwise take unbounded time and memory.
struct YAMLTreeBuilder {
    static let nodeLimit = 100_000

    let file: String
    private var remaining = YAMLTreeBuilder.nodeLimit

    init(file: String) {
        self.file = file
    }

    mutating func build(_ node: Node, path: String) throws -> YAMLNode {
        let line = node.mark?.line ?? 1, column = node.mark?.column ?? 1
        remaining -= 1
        if remaining < 0 {
            throw ConfigError(file: file, line: line, column: column, key: path.isEmpty ? nil : path,
                              message: "document too large (more than \(Self.nodeLimit) nodes after expanding aliases)")
        }
        let content: YAMLContent
        switch node {
        case .scalar(let scalar):
            let quoted = !(scalar.style == .plain || scalar.style == .any)
            let tag = scalar.tag.rawValue
            content = .scalar(YAMLScalar(text: scalar.string, quoted: quoted, explicitTag: tag.isEmpty || tag == "!" ? nil : tag))
        case .sequence(let sequence):
            var items: [YAMLNode] = []
            for (index, item) in sequence.enumerated() {
                items.append(try build(item, path: "\(path)[\(index)]"))
            }
            content = .sequence(items)
        case .mapping(let mapping):
            var entries: [YAMLEntry] = []
            for (keyNode, valueNode) in mapping {
                let keyLine = keyNode.mark?.line ?? line, keyColumn = keyNode.mark?.column ?? column
                guard case .scalar(let keyScalar) = keyNode else {
                    throw ConfigError(file: file, line: keyLine, column: keyColumn, key: path.isEmpty ? nil : path,
                                      message: "mapping keys must be scalars, found a \(keyNode.mapping != nil ? "mapping" : "sequence")")
                }
                let key = keyScalar.string
                let childPath = path.isEmpty ? key : "\(path).\(key)"
                entries.append(YAMLEntry(key: key, line: keyLine, column: keyColumn,
                                         value: try build(valueNode, path: childPath)))
            }
            content = .mapping(entries)
        case .alias:
            // Yams' parser substitutes anchored nodes itself; an alias here means a hand-built tree.
            throw ConfigError(file: file, line: line, column: column, key: path.isEmpty ? nil : path,
                              message: "unresolved alias")
        }
        return YAMLNode(file: file, path: path, line: line, column: column, content: content)
    }
}
