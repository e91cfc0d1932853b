import KaizenYAML

/// Parses `text` and returns the value of the top-level `key`, for accessor tests that
/// only care about one value.
func value(_ key: String, in text: String, file: String = "t.yaml") throws -> YAMLNode {
    let root = try YAMLNode.parse(text, file: file)
    guard case let keys = try root.mapping(allowed: [key]), let node = keys[key] else {
        throw root.error("test document lacks '\(key)'")
    }
    return node
}
