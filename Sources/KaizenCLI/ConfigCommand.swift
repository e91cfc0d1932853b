import ArgumentParser
import Foundation
import KaizenCore
import KaizenWorkspace

/// `kaizen config show`: the effective configuration after defaults (never the key).
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config", abstract: "Show the effective configuration.", subcommands: [Show.self])

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print kaizen.yaml's effective values, defaults filled in.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            let workspace = try global.openWorkspace()
            let endpoint = try workspace.llmEndpoint()
            let c = workspace.config
            let value: JSONValue = .object([
                "llm": .object([
                    "endpoint": .string(endpoint.endpointText),
                    "local": .bool(workspace.usesLocalLLM),
                    "model": .string(endpoint.model),
                    "api_key_env": .string(c.llm.apiKeyEnv),
                    "api_key_set": .bool(endpoint.apiKey != nil),
                    "mode": .string(c.llm.mode.rawValue),
                    "connect_timeout_s": .number(c.llm.connectTimeoutSeconds),
                    "request_timeout_s": .number(c.llm.requestTimeoutSeconds),
                    "max_retries": .number(Double(c.llm.maxRetries)),
                    "max_in_flight": .number(Double(c.llm.maxInFlight)),
                ]),
                "store": .string(workspace.storeURL.path),
                "prompts": .string(workspace.promptsURL.path),
                "policies": .string(workspace.policiesURL.path),
                "knowledge": .string(workspace.knowledgeURL.path),
                "logging": .object(["level": .string(c.logLevel)]),
            ])
            if output.json {
                printJSON(value)
            } else {
                print(value.prettyText)
            }
        }
    }
}
