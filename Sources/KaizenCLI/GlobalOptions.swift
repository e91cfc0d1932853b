import ArgumentParser
import Foundation
import KaizenStore
import KaizenWorkspace
import Logging

/// Options every command takes.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "The workspace folder (default: the current folder).")
    var workspace: String = "."

    @Flag(name: .shortAndLong, help: "Log debug detail to standard error.")
    var verbose = false

    var workspaceURL: URL { URL(fileURLWithPath: workspace, isDirectory: true).standardizedFileURL }

    func openWorkspace() throws -> Workspace { try Workspace.open(at: workspaceURL) }

    /// The workspace and its store, logging at the workspace's level.
    func openStore() throws -> (Workspace, Store) {
        let workspace = try openWorkspace()
        return (workspace, try workspace.openStore(logger: logger("kaizen.store", config: workspace.config)))
    }

    /// A logger to standard error at the workspace's level (or debug with --verbose).
    func logger(_ label: String, config: WorkspaceConfig? = nil) -> Logger {
        var logger = Logger(label: label)
        logger.logLevel = verbose ? .debug : Logger.Level(rawValue: config?.logLevel ?? "info") ?? .info
        return logger
    }
}

/// For commands that print data: `--json` for machines.
struct OutputOptions: ParsableArguments {
    @Flag(name: .long, help: "Print JSON instead of text.")
    var json = false
}
