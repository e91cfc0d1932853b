import ArgumentParser
import Foundation
import KaizenWorkspace

/// `kaizen init [DIR]`: create a workspace with the default config, prompts, policies and knowledge notes.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init", abstract: "Create a workspace: kaizen.yaml, Prompts/, Policies/, Knowledge/ and .kaizen/.")

    @Argument(help: "The folder to create (default: the --workspace folder).")
    var directory: String?

    @Flag(name: .long, help: "Rewrite kaizen.yaml and the default prompts, policies and knowledge notes in an existing workspace.")
    var force = false

    @Option(help: "Set up a scenario beside the built-in world: vision (PyTorch models as code on 8x8 digits).")
    var example: WorkspaceExample?

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let root = directory.map { URL(fileURLWithPath: $0, isDirectory: true).standardizedFileURL } ?? global.workspaceURL
        let workspace = try example.map { try Workspace.create(at: root, example: $0, force: force) } ?? Workspace.create(at: root, force: force)
        let store = try workspace.openStore(logger: global.logger("kaizen.init"))
        try store.appendAudit(actor: "kaizen", action: "workspace.init", subject: workspace.root.path, reason: force ? "init --force" : "init")
        print("Created a Kaizen workspace in \(workspace.root.path)")
        print("  config:   \(workspace.configFile.path)")
        print("  prompts:  \(workspace.promptsURL.path)")
        print("  policies: \(workspace.policiesURL.path)")
        print("  store:    \(workspace.storeURL.path)")
        if example == .vision {
            print("  models:   \(workspace.root.appending(path: "Models").path) (the reference and seeds)")
            print("  trainer:  \(workspace.root.appending(path: "trainer/train.py").path) (needs python3 with torch and scikit-learn)")
        }
    }
}

extension WorkspaceExample: ExpressibleByArgument {}
