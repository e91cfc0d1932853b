/// Why a generated model was not trained. Each is journaled with the candidate.
public enum CodeRejection: Error, Sendable, Hashable, CustomStringConvertible {
    /// The reply holds no Python code.
    case noCode
    /// The code defines no top-level `class Net`.
    case noNetClass
    /// `python3 -m py_compile` refused it; the compiler's message, with its line.
    case syntax(String)
    /// Its whitespace-free SHA-256 equals an earlier candidate's.
    case duplicate(of: String)
    /// The syntax check itself could not run (no python3, a time-out).
    case checkFailed(String)

    public var description: String {
        switch self {
        case .noCode: "the reply holds no Python code"
        case .noNetClass: "the code defines no top-level `class Net`"
        case .syntax(let message): "the code does not compile: \(message)"
        case .duplicate(let id): "the same code as \(id) once whitespace is removed"
        case .checkFailed(let message): "the syntax check could not run: \(message)"
        }
    }
}
