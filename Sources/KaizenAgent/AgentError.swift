import KaizenStore

/// Why the offline agent could not run a round at all. Problems with single proposals are
/// not errors: they are journaled as invalid or duplicate candidates.
public enum AgentError: Error, Sendable, CustomStringConvertible {
    case template(name: String, problem: String)
    case store(StoreError)
    case budget(String)
    case noProposer(String)
    /// Anything else that stopped the round, with its description.
    case unexpected(String)

    public var description: String {
        switch self {
        case .template(let name, let problem): "Prompts/\(name): \(problem)"
        case .store(let error): "\(error)"
        case .budget(let why): "budget exhausted: \(why)"
        case .noProposer(let why): why
        case .unexpected(let what): what
        }
    }
}
