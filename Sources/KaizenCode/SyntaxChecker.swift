import Foundation
import KaizenSandbox

/// Compiles generated code with `python3 -m py_compile` inside the sandbox: the compiler only
/// parses, but the file is untrusted text, so it still gets a time and memory limit, no
/// network and a cleared environment.
public struct SyntaxChecker: Sendable {
    public var python: String
    public var limits: SandboxLimits

    public init(python: String = "python3", limits: SandboxLimits = SandboxLimits(wallClock: .seconds(60), memoryBytes: 512 << 20)) {
        self.python = python
        self.limits = limits
    }

    /// Nil when the source compiles, else the rejection with the compiler's message.
    public func check(_ source: String) async -> CodeRejection? {
        let folder = FileManager.default.temporaryDirectory.appending(path: "kaizen-compile-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try source.write(to: folder.appending(path: "net.py"), atomically: true, encoding: .utf8)
            let environment = Sandbox.environment(from: ProcessInfo.processInfo.environment, allow: ["PATH", "LANG", "LC_ALL"])
            let request = SandboxRequest(executable: python, arguments: ["-m", "py_compile", "net.py"], workingDirectory: folder, environment: environment)
            let result = try await Sandbox.run(request, limits: limits)
            switch result.status {
            case .exited(0): return nil
            case .exited(1): return .syntax(Self.message(result.stderrTail))
            default: return .checkFailed("\(python) \(result.status): \(result.stderrTail.suffix(300))")
            }
        } catch {
            return .checkFailed("\(error)")
        }
    }

    /// py_compile prints the compiler's report: `File "net.py", line N`, the line, a caret, then
    /// `SyntaxError: message`; this keeps `line N: message`.
    static func message(_ stderr: String) -> String {
        let lines = stderr.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        let error = lines.last { $0.contains("Error:") } ?? lines.last ?? "syntax error"
        guard let location = lines.last(where: { $0.hasPrefix("File ") && $0.contains(", line ") }),
              let range = location.range(of: ", line ") else { return error }
        let number = location[range.upperBound...].prefix { $0.isNumber }
        return "line \(number): \(error)"
    }
}
