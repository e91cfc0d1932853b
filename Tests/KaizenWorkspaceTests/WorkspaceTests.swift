import Foundation
import KaizenLLM
import KaizenPolicy
import Testing

@testable import KaizenWorkspace

func temporaryFolder() -> URL {
    FileManager.default.temporaryDirectory.appending(path: "kaizen-ws-\(UUID().uuidString)")
}

/// The repository's top-level folders, the source of truth for the embedded defaults.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

@Suite struct WorkspaceTests {
    @Test func createWritesConfigPromptsPoliciesAndState() throws {
        let root = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let workspace = try Workspace.create(at: root)
        let fm = FileManager.default
        #expect(fm.fileExists(atPath: workspace.configFile.path))
        #expect(fm.fileExists(atPath: root.appending(path: ".kaizen").path))
        #expect(fm.fileExists(atPath: root.appending(path: "Knowledge").path))
        // The bundled notes are written into the workspace's knowledge folder.
        let notes = Defaults.files.filter { $0.key.hasPrefix("Knowledge/") }
        #expect(!notes.isEmpty)
        for (path, text) in notes {
            let url = workspace.knowledgeURL.appending(path: String(path.dropFirst("Knowledge/".count)))
            #expect(try String(contentsOf: url, encoding: .utf8) == text, "\(path) was not written")
        }
        _ = try workspace.loadPolicy()
        #expect(throws: WorkspaceError.self) { try Workspace.create(at: root) }
    }

    /// The embedded copies are byte-for-byte the repository's Prompts/, Policies/, Knowledge/,
    /// local-llm.sh and the vision example's files.
    @Test func embeddedDefaultsMatchTheRepository() throws {
        var onDisk: [String: String] = [:]
        for folder in ["Prompts", "Policies", "Knowledge"] {
            let dir = repositoryRoot.appending(path: folder)
            for name in try FileManager.default.contentsOfDirectory(atPath: dir.path) {
                onDisk["\(folder)/\(name)"] = try String(contentsOf: dir.appending(path: name), encoding: .utf8)
            }
        }
        for file in ["scripts/local-llm.sh"] + WorkspaceExample.vision.files.map(\.bundled) {
            onDisk[file] = try String(contentsOf: repositoryRoot.appending(path: file), encoding: .utf8)
        }
        #expect(!onDisk.isEmpty)
        #expect(onDisk.keys.contains { $0.hasPrefix("Knowledge/") && $0.hasSuffix(".md") })
        #expect(Defaults.files.keys.sorted() == onDisk.keys.sorted())
        for (path, text) in onDisk { #expect(Defaults.files[path] == text, "embedded \(path) differs from the repository's") }
    }

    @Test func forceRewritesDefaultsButKeepsTheStore() throws {
        let root = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let workspace = try Workspace.create(at: root)
        let budgets = workspace.policiesURL.appending(path: "budgets.yaml")
        try "broken: [".write(to: budgets, atomically: true, encoding: .utf8)
        try Data("keep".utf8).write(to: workspace.storeURL)
        try Workspace.create(at: root, force: true)
        #expect(try String(contentsOf: budgets, encoding: .utf8) == Defaults.file("Policies/budgets.yaml"))
        // A note the user edited is kept without force and rewritten with it.
        let note = try #require(Defaults.files.keys.first { $0.hasPrefix("Knowledge/") })
        let noteURL = root.appending(path: note)
        try "my own notes".write(to: noteURL, atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(at: workspace.configFile)
        try Workspace.create(at: root)
        #expect(try String(contentsOf: noteURL, encoding: .utf8) == "my own notes")
        try Workspace.create(at: root, force: true)
        #expect(try String(contentsOf: noteURL, encoding: .utf8) == Defaults.file(note))
        #expect(try Data(contentsOf: workspace.storeURL) == Data("keep".utf8))
    }

    @Test func openingAFolderWithoutConfigSaysHowToCreateOne() {
        do {
            _ = try Workspace.open(at: temporaryFolder())
            Issue.record("expected an error")
        } catch let error as WorkspaceError {
            #expect(error.description.contains("kaizen init"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func noEndpointMeansTheLocalServer() throws {
        let endpoint = try Workspace(root: temporaryFolder(), config: WorkspaceConfig()).llmEndpoint(environment: [:])
        #expect(endpoint.baseURL.absoluteString == "http://127.0.0.1:8089/v1")
        #expect(endpoint.model == LocalLLM.modelName)
        #expect(endpoint.apiKey == nil)
    }

    @Test func theKeyComesFromTheNamedEnvironmentVariable() throws {
        var config = WorkspaceConfig()
        config.llm.endpoint = "https://api.example.com/v1"
        config.llm.model = "big"
        config.llm.apiKeyEnv = "KAIZEN_TEST_KEY"
        let workspace = Workspace(root: temporaryFolder(), config: config)
        let endpoint = try workspace.llmEndpoint(environment: ["KAIZEN_TEST_KEY": "sk-secret-value"])
        #expect(endpoint.apiKey?.redact("x sk-secret-value y") == "x [redacted] y")
        do {
            _ = try workspace.llmEndpoint(environment: [:])
            Issue.record("expected missingSecret")
        } catch let error as WorkspaceError {
            #expect(error.description.contains("KAIZEN_TEST_KEY"))
        }
    }

    @Test func promptsFallBackToTheBundledDefaults() throws {
        let workspace = Workspace(root: temporaryFolder(), config: WorkspaceConfig())
        #expect(try workspace.prompt("llm-ping.txt") == Defaults.file("Prompts/llm-ping.txt"))
        #expect(throws: (any Error).self) { try workspace.prompt("no-such-prompt.txt") }
    }
}
