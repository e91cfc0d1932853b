/// What a node holds. Kept internal so that callers go through the validating accessors,
/// which is where the errors with locations are produced.
enum YAMLContent: Sendable {
    case scalar(YAMLScalar)
    case sequence([YAMLNode])
    case mapping([YAMLEntry])
}
