import Foundation
import KaizenLLM
import KaizenCore
import KaizenPolicy
import KaizenSearchSpace
import KaizenYAML
import KaizenStore
import Logging

extension Workspace {
    /// Opens the workspace's store, creating and migrating it as needed.
    public func openStore(logger: Logger) throws -> Store {
        try Store.open(at: storeURL, logger: logger)
    }

    /// Reads every policy file; all errors across files are reported together.
    public func loadPolicy() throws -> Policy {
        try Policy.load(directory: policiesURL)
    }

    /// The model the workspace calls (`llm.model`, or the local server's): what budgets.yaml must price.
    public var llmModel: String { config.llm.model.isEmpty ? LocalLLM.modelName : config.llm.model }

    /// The LLM endpoint from config, the key taken from the environment variable that
    /// `llm.api_key_env` names. No endpoint configured means the embedded local server.
    public func llmEndpoint(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> LLMEndpoint {
        let llm = config.llm
        let base = llm.endpoint.isEmpty ? LocalLLM.baseURL(port: llm.localPort) : URL(string: llm.endpoint)!
        var key: LLMSecret?
        if !llm.apiKeyEnv.isEmpty {
            guard let value = environment[llm.apiKeyEnv], !value.isEmpty else {
                throw WorkspaceError.missingSecret(variable: llm.apiKeyEnv, file: Self.configFileName)
            }
            key = LLMSecret(value)
        }
        return LLMEndpoint(
            baseURL: base, model: llmModel, apiKey: key,
            connectTimeout: .milliseconds(Int(llm.connectTimeoutSeconds * 1000)),
            requestTimeout: .milliseconds(Int(llm.requestTimeoutSeconds * 1000)),
            maxRetries: llm.maxRetries, maxInFlight: llm.maxInFlight)
    }

    /// Whether commands use the embedded local server.
    public var usesLocalLLM: Bool { config.llm.endpoint.isEmpty }
}

extension Workspace {
    /// The search space from the workspace's `Policies/`, else the bundled default.
    public func loadSearchSpace() throws -> SearchSpace {
        let url = policiesURL.appending(path: SearchSpace.fileName)
        if FileManager.default.fileExists(atPath: url.path) { return try SearchSpace.load(contentsOf: url) }
        return try SearchSpace.parse(Defaults.file("Policies/\(SearchSpace.fileName)") ?? "", file: SearchSpace.fileName)
    }

    /// The initial production config of the built-in world (`Policies/production.json`).
    public func defaultProductionConfig() throws -> JSONValue {
        let url = policiesURL.appending(path: "production.json")
        let text = (try? String(contentsOf: url, encoding: .utf8)) ?? Defaults.file("Policies/production.json") ?? ""
        do {
            return try JSONValue.parse(text)
        } catch {
            throw ConfigError(file: url.path, line: nil, column: nil, key: nil, message: error.description)
        }
    }

    /// The workspace at `root`, or the defaults rooted there when it has no kaizen.yaml
    /// (for commands such as `world generate` that need no store).
    public static func openOrDefaults(at root: URL) throws -> Workspace {
        if FileManager.default.fileExists(atPath: root.appending(path: configFileName).path) { return try open(at: root) }
        return Workspace(root: root, config: WorkspaceConfig())
    }
}
