import Foundation
import PackagePlugin

/// Embeds the repository's top-level `Prompts/`, `Policies/` and `Knowledge/` folders,
/// `scripts/local-llm.sh` and the vision example's files into the target as Swift source, so an installed `kaizen` binary can
/// write them into a new workspace while the folders stay the single source of truth.
@main
struct EmbedDefaults: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let tool = try context.tool(named: "EmbedTool")
        let root = context.package.directoryURL
        let directories = ["Prompts", "Policies", "Knowledge"]
        // The vision example, for `kaizen init --example vision`.
        let files = [
            "scripts/local-llm.sh", "Examples/vision/train.py", "Examples/vision/kaizen.yaml", "Examples/vision/production.json",
            "Examples/vision/seeds/mlp.py", "Examples/vision/seeds/cnn.py", "Examples/vision/seeds/resnet.py",
        ]
        var inputs: [URL] = files.map { root.appending(path: $0) }
        for folder in directories {
            let dir = root.appending(path: folder)
            guard let walker = FileManager.default.enumerator(at: dir, includingPropertiesForKeys: [.isRegularFileKey]) else { continue }
            for case let url as URL in walker where (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
                inputs.append(url)
            }
        }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedDefaults.swift")
        return [
            .buildCommand(
                displayName: "Embedding Prompts/, Policies/, Knowledge/, scripts/local-llm.sh and the vision example",
                executable: tool.url,
                arguments: [output.path, root.path] + directories + files,
                inputFiles: inputs,
                outputFiles: [output])
        ]
    }
}
