import ArgumentParser
import Foundation
import KaizenCore
import KaizenWorkspace

/// The options of commands that train one config: `train` and `world oracle`.
struct TrainingOptions: ParsableArguments {
    @Option(help: "A full model config (JSON), e.g. Policies/production.json.")
    var config: String

    @Option(help: "Training seed.")
    var seed: UInt64 = 1

    /// Reads and validates the config file against the workspace's search space.
    func loadConfig(workspace: Workspace) throws -> JSONValue {
        let path = config
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw CommandInputError(description: "\(path): cannot read: \(error.localizedDescription)")
        }
        let json: JSONValue
        do { json = try JSONValue.parse(text) } catch { throw CommandInputError(description: "\(path): \(error.description)") }
        let problems = try workspace.loadSearchSpace().problems(inConfig: json)
        if !problems.isEmpty {
            throw CommandInputError(description: problems.map { "\(path): \($0)" }.joined(separator: "\n"))
        }
        return json
    }
}
