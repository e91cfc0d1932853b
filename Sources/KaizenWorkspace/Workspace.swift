import Foundation
import KaizenYAML

/// A folder with `kaizen.yaml`, `Prompts/`, `Policies/`, a knowledge folder and `.kaizen/`.
public struct Workspace: Sendable {
    public static let configFileName = "kaizen.yaml"

    public let root: URL
    public let config: WorkspaceConfig

    public var configFile: URL { root.appending(path: Self.configFileName) }
    public var storeURL: URL { resolve(config.storePath) }
    public var promptsURL: URL { resolve(config.promptsPath) }
    public var policiesURL: URL { resolve(config.policiesPath) }
    public var knowledgeURL: URL { resolve(config.knowledgePath) }
    /// Where runs keep artifacts beside the store.
    public var stateURL: URL { root.appending(path: ".kaizen") }

    public init(root: URL, config: WorkspaceConfig) {
        self.root = root.standardizedFileURL
        self.config = config
    }

    /// Opens the workspace at `root`, reading and validating `kaizen.yaml`.
    public static func open(at root: URL) throws -> Workspace {
        let file = root.appending(path: configFileName)
        guard FileManager.default.fileExists(atPath: file.path) else { throw WorkspaceError.notAWorkspace(path: root.path) }
        let text: String
        do {
            text = try String(contentsOf: file, encoding: .utf8)
        } catch {
            throw ConfigError(file: file.path, line: nil, column: nil, key: nil, message: "cannot read: \(error.localizedDescription)")
        }
        return Workspace(root: root, config: try WorkspaceConfig.parse(text, file: relativeName(file)))
    }

    /// Creates a workspace: `kaizen.yaml` with every key documented, the default `Prompts/`,
    /// `Policies/` and `Knowledge/` notes, and `.kaizen/`. Existing prompt, policy and note
    /// files are kept unless `force`; the store is never touched.
    @discardableResult
    public static func create(at root: URL, force: Bool = false) throws -> Workspace {
        let fm = FileManager.default
        let file = root.appending(path: configFileName)
        if fm.fileExists(atPath: file.path) && !force { throw WorkspaceError.alreadyInitialized(path: root.path) }
        func write(_ text: String, to url: URL) throws {
            do {
                try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                if fm.fileExists(atPath: url.path) && !force && url != file { return }
                try text.write(to: url, atomically: true, encoding: .utf8)
            } catch {
                throw WorkspaceError.cannotWrite(path: url.path, reason: error.localizedDescription)
            }
        }
        try write(DefaultConfig.yaml + "\n", to: file)
        for (path, text) in Defaults.files where path.hasPrefix("Prompts/") || path.hasPrefix("Policies/") || path.hasPrefix("Knowledge/") {
            try write(text, to: root.appending(path: path))
        }
        for folder in ["Knowledge", ".kaizen"] {
            do {
                try fm.createDirectory(at: root.appending(path: folder), withIntermediateDirectories: true)
            } catch {
                throw WorkspaceError.cannotWrite(path: root.appending(path: folder).path, reason: error.localizedDescription)
            }
        }
        return try open(at: root)
    }

    func resolve(_ path: String) -> URL {
        path.hasPrefix("/") ? URL(fileURLWithPath: path) : root.appending(path: path)
    }

    /// A path as the user knows it: relative to the current folder when inside it.
    static func relativeName(_ url: URL) -> String {
        let cwd = FileManager.default.currentDirectoryPath + "/"
        return url.path.hasPrefix(cwd) ? String(url.path.dropFirst(cwd.count)) : url.path
    }
}

extension Workspace {
    /// A prompt file from the workspace's `Prompts/`, falling back to the bundled default
    /// when the workspace has none by that name.
    public func prompt(_ name: String) throws -> String {
        let url = promptsURL.appending(path: name)
        if let text = try? String(contentsOf: url, encoding: .utf8) { return text }
        if let text = Defaults.file("Prompts/" + name) { return text }
        throw ConfigError(file: url.path, line: nil, column: nil, key: nil, message: "prompt file not found")
    }
}
