import Foundation
import KaizenAgent
import KaizenCore
import KaizenPolicy
import KaizenSearchSpace

/// The repository's own Policies/, Prompts/ and Knowledge/, which the agent benchmarks use.
enum Repository {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static var knowledge: URL { root.appending(path: "Knowledge") }

    static func space() throws -> SearchSpace { try SearchSpace.load(contentsOf: root.appending(path: "Policies/search-space.yaml")) }
    static func policy() throws -> Policy { try Policy.load(directory: root.appending(path: "Policies")) }
    static func production() throws -> JSONValue {
        try JSONValue.parse(String(contentsOf: root.appending(path: "Policies/production.json"), encoding: .utf8))
    }

    static func prompts() throws -> PromptLibrary {
        var templates: [String: String] = [:]
        for name in PromptLibrary.required {
            templates[name + ".mustache"] = try String(contentsOf: root.appending(path: "Prompts/\(name).mustache"), encoding: .utf8)
        }
        return try PromptLibrary(templates: templates)
    }

    /// The LLM under test: KAIZEN_LLM_URL / KAIZEN_LLM_MODEL / KAIZEN_LLM_KEY, or the local server.
    static var llmURL: URL { URL(string: ProcessInfo.processInfo.environment["KAIZEN_LLM_URL"] ?? "http://127.0.0.1:8089/v1")! }
    static var llmModel: String { ProcessInfo.processInfo.environment["KAIZEN_LLM_MODEL"] ?? "gemma-3-270m" }

    /// `--name value` from the command line, or `fallback`.
    static func option(_ name: String, _ fallback: String) -> String {
        let args = CommandLine.arguments
        guard let i = args.firstIndex(of: "--" + name), i + 1 < args.count else { return fallback }
        return args[i + 1]
    }
}
