import Foundation

/// Runs the built `kaizen` executable as a user would, capturing its output and exit code.
struct CLIResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

enum CLI {
    /// The `kaizen` binary beside the test bundle in the build folder.
    static var executable: URL {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appending(path: "kaizen")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.appending(path: ".build/debug/kaizen")
    }

    static func run(_ arguments: [String], environment: [String: String] = [:], cwd: URL? = nil) throws -> CLIResult {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { $1 }
        process.environment = env
        if let cwd { process.currentDirectoryURL = cwd }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Read both pipes concurrently so neither fills and blocks the child.
        nonisolated(unsafe) var errData = Data()
        let reader = Thread { errData = err.fileHandleForReading.readDataToEndOfFile() }
        reader.start()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !reader.isFinished { Thread.sleep(forTimeInterval: 0.005) }
        return CLIResult(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
    }

    static func temporaryFolder() -> URL {
        FileManager.default.temporaryDirectory.appending(path: "kaizen-cli-\(UUID().uuidString)")
    }

    /// A workspace on a tiny built-in world, so training takes a moment; `extra` is appended to kaizen.yaml.
    static func tinyWorkspace(extra: String = "") throws -> URL {
        let dir = temporaryFolder()
        _ = try run(["init", dir.path])
        let file = dir.appending(path: "kaizen.yaml")
        let text = try String(contentsOf: file, encoding: .utf8)
            .replacingOccurrences(of: "  users: 20000", with: "  users: 800")
            .replacingOccurrences(of: "  items: 5000", with: "  items: 200")
            .replacingOccurrences(of: "  impressions: 500000", with: "  impressions: 20000")
        try (text + extra).write(to: file, atomically: true, encoding: .utf8)
        return dir
    }
}
