/// What went wrong in LRAT's own parts, with the file or field at fault.
public enum LRATError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A judge's prompt template does not parse.
    case badPrompt(String)

    public var description: String {
        switch self {
        case .badPrompt(let detail): "the judge's prompt does not parse: \(detail)"
        }
    }
}
