import Foundation

/// The embedded local LLM: llama-cpp-python's server with Gemma 3 270M, installed once into
/// a cache outside the repository and managed by the bundled `scripts/local-llm.sh`.
public struct LocalLLM: Sendable {
    public static let modelName = "gemma-3-270m"

    public static func baseURL(port: Int) -> URL { URL(string: "http://127.0.0.1:\(port)/v1")! }

    /// The cache folder (`KAIZEN_LLM_HOME`, else `~/.cache/kaizen/llm`).
    public let home: URL
    public let port: Int

    public init(port: Int, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.port = port
        if let custom = environment["KAIZEN_LLM_HOME"], !custom.isEmpty {
            home = URL(fileURLWithPath: custom)
        } else {
            let cache = environment["XDG_CACHE_HOME"].map { URL(fileURLWithPath: $0) }
                ?? FileManager.default.homeDirectoryForCurrentUser.appending(path: ".cache")
            home = cache.appending(path: "kaizen/llm")
        }
    }

    public enum Action: String, Sendable { case install, start, stop, status }

    /// Runs the bundled script for `action`; its progress goes to standard error, and its
    /// standard output (the server URL for start, the state for status) is returned.
    public func run(_ action: Action) throws -> (status: Int32, output: String) {
        let script = try installScript()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [script.path, action.rawValue, String(port)]
        var environment = ProcessInfo.processInfo.environment
        environment["KAIZEN_LLM_HOME"] = home.path
        environment["KAIZEN_LLM_PORT"] = String(port)
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.standardError
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw WorkspaceError.cannotWrite(path: script.path, reason: "cannot run: \(error.localizedDescription)")
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Writes the embedded script into the cache, so an installed binary needs no checkout.
    func installScript() throws -> URL {
        guard let text = Defaults.file("scripts/local-llm.sh") else {
            throw WorkspaceError.cannotWrite(path: "scripts/local-llm.sh", reason: "not embedded in this build")
        }
        let url = home.appending(path: "local-llm.sh")
        do {
            try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
            if (try? String(contentsOf: url, encoding: .utf8)) != text {
                try text.write(to: url, atomically: true, encoding: .utf8)
            }
        } catch {
            throw WorkspaceError.cannotWrite(path: url.path, reason: error.localizedDescription)
        }
        return url
    }
}
