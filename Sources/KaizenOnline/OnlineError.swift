import KaizenStore

/// Why an online step could not run at all. Failures of single experiments do not stop a
/// step: they are stored on the experiment and reported.
public enum OnlineError: Error, Sendable, CustomStringConvertible {
    case store(StoreError)
    case invalidSettings(String)

    public var description: String {
        switch self {
        case .store(let error): error.description
        case .invalidSettings(let why): "online settings: \(why)"
        }
    }
}
