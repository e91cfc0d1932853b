/// Problems with the workspace itself, as opposed to its files' contents (ConfigError).
public enum WorkspaceError: Error, Sendable, CustomStringConvertible {
    case notAWorkspace(path: String)
    case alreadyInitialized(path: String)
    case cannotWrite(path: String, reason: String)
    /// `llm.api_key_env` names a variable that is not set. The message names the variable only.
    case missingSecret(variable: String, file: String)

    public var description: String {
        switch self {
        case .notAWorkspace(let path): "\(path) is not a Kaizen workspace (no kaizen.yaml); create one with `kaizen init \(path)`"
        case .alreadyInitialized(let path): "\(path) already holds a kaizen.yaml; pass --force to rewrite the defaults (your store is kept)"
        case .cannotWrite(let path, let reason): "cannot write \(path): \(reason)"
        case .missingSecret(let variable, let file): "\(file): llm.api_key_env: the environment variable \(variable) is not set"
        }
    }
}
