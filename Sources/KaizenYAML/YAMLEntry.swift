/// One key of a mapping with the key's own location: unknown and duplicate keys are
/// reported where the key is written, not where its value is.
struct YAMLEntry: Sendable {
    let key: String
    let line: Int
    let column: Int
    let value: YAMLNode
}
