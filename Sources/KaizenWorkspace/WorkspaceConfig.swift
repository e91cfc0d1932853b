import Foundation
import KaizenYAML

/// The parsed `kaizen.yaml`.
public struct WorkspaceConfig: Sendable, Equatable {
    public enum LLMMode: String, Sendable, CaseIterable { case chat, completion }

    public struct LLM: Sendable, Equatable {
        public var endpoint: String = ""
        public var model: String = ""
        public var apiKeyEnv: String = ""
        public var mode: LLMMode = .chat
        public var connectTimeoutSeconds: Double = 5
        public var requestTimeoutSeconds: Double = 120
        public var maxRetries: Int = 4
        public var maxInFlight: Int = 2
        public var localPort: Int = 8089
    }

    public struct World: Sendable, Equatable {
        public var seed: UInt64 = 42
        public var users = 20_000
        public var items = 5_000
        public var impressions = 500_000
    }

    public struct TrainerSettings: Sendable, Equatable {
        public enum Kind: String, Sendable, CaseIterable { case builtin, command }
        public var kind: Kind = .builtin
        public var command: [String] = []
        public var timeoutSeconds: Double = 1800
        public var memoryMB: Int = 4096
        public var environmentAllowList = ["PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "PYTHONPATH", "VIRTUAL_ENV"]
        /// Training jobs at once; 0 means one per core.
        public var workers = 0
        /// Queued jobs before proposing waits for training to catch up.
        public var queue = 8
    }

    /// The offline agent: who proposes, and what its prompts hold.
    public struct Agent: Sendable, Equatable {
        public static let proposers = ["hybrid", "llm", "evolutionary", "random"]
        public var proposer = "hybrid"
        public var examples = 3
        public var topK = 10
        public var evidenceResults = 5
        public var evidenceOpened = 2
        public var reasoning = true
        public var focus = true
        public var temperature = 0.9
        public var maxTokens = 600
    }

    /// The online agent: which experiments it starts and where they run.
    public struct Online: Sendable, Equatable {
        public enum Environment: String, Sendable, CaseIterable { case world, command }
        public var environment: Environment = .world
        public var topK = 2
        public var topKPerPersona = 1
        public var trafficFraction = 0.05
        /// Overrides `launch.test` from Policies/launch.yaml when set.
        public var test: String?
        public var seed: UInt64 = 7
        /// Simulated days per online step (built-in world).
        public var daysPerStep = 1
        /// The command adapter's argv per call.
        public var startCommand: [String] = []
        public var pollCommand: [String] = []
        public var stopCommand: [String] = []
        public var commandTimeoutSeconds: Double = 120
        /// The only environment variables the commands get (an entry ending in `*` is a prefix).
        public var commandEnvironmentAllowList = ["PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "PYTHONPATH", "VIRTUAL_ENV"]
    }

    /// `kaizen serve`: where the review page listens and who may use it.
    public struct Review: Sendable, Equatable {
        /// A reviewer from `review.tokens`: the token's SHA-256 (hex), or the name of an
        /// environment variable that holds the token. Never the token itself.
        public struct Token: Sendable, Equatable {
            public init(name: String, role: String, sha256: String?, tokenEnv: String?) {
                self.name = name
                self.role = role
                self.sha256 = sha256
                self.tokenEnv = tokenEnv
            }

            public var name: String
            public var role: String
            public var sha256: String?
            public var tokenEnv: String?
        }

        public var host = "127.0.0.1"
        public var port = 8080
        public var tokens: [Token] = []
    }

    public var llm = LLM()
    public var review = Review()
    /// The architecture persona's code mode; nil without a `code:` section.
    public var code: Code?
    public var agent = Agent()
    public var online = Online()
    public var world = World()
    public var trainer = TrainerSettings()
    public var storePath = ".kaizen/kaizen.sqlite"
    public var promptsPath = "Prompts"
    public var policiesPath = "Policies"
    public var knowledgePath = "Knowledge"
    public var logLevel = "info"

    public init() {}
}

extension WorkspaceConfig {
    public static let logLevels = ["trace", "debug", "info", "notice", "warning", "error", "critical"]

    /// Parses `kaizen.yaml`; unknown keys, wrong types and out-of-range values are errors
    /// naming the file, line and key.
    public static func parse(_ text: String, file: String) throws -> WorkspaceConfig {
        var config = WorkspaceConfig()
        let root = try YAMLNode.parse(text, file: file).mapping(allowed: ["llm", "agent", "online", "world", "trainer", "store", "paths", "logging", "review", "code"])
        if let llm = root["llm"], !llm.isNull {
            let m = try llm.mapping(allowed: ["endpoint", "model", "api_key_env", "mode", "connect_timeout_s", "request_timeout_s", "max_retries", "max_in_flight", "local"])
            if let v = try m.optional("endpoint", { try $0.string() }) {
                if !v.isEmpty, URL(string: v)?.scheme.map({ ["http", "https"].contains($0) }) != true {
                    throw m["endpoint"]!.error("expected an http:// or https:// URL, found '\(v)'")
                }
                config.llm.endpoint = v
            }
            if let v = try m.optional("model", { try $0.string() }) { config.llm.model = v }
            if let v = try m.optional("api_key_env", { try $0.string() }) {
                if v.contains(where: { !($0.isLetter || $0.isNumber || $0 == "_") }) {
                    throw m["api_key_env"]!.error("expected the NAME of an environment variable (letters, digits, _), not a key")
                }
                config.llm.apiKeyEnv = v
            }
            if let v = try m.optional("mode", { try $0.oneOf(LLMMode.allCases.map(\.rawValue)) }) { config.llm.mode = LLMMode(rawValue: v)! }
            if let v = try m.optional("connect_timeout_s", { try $0.double(in: 0.1...600) }) { config.llm.connectTimeoutSeconds = v }
            if let v = try m.optional("request_timeout_s", { try $0.double(in: 1...3600) }) { config.llm.requestTimeoutSeconds = v }
            if let v = try m.optional("max_retries", { try $0.int(in: 0...20) }) { config.llm.maxRetries = v }
            if let v = try m.optional("max_in_flight", { try $0.int(in: 1...256) }) { config.llm.maxInFlight = v }
            if let local = m["local"], !local.isNull {
                let l = try local.mapping(allowed: ["port"])
                if let v = try l.optional("port", { try $0.int(in: 1...65535) }) { config.llm.localPort = v }
            }
        }
        if let agent = root["agent"], !agent.isNull {
            let m = try agent.mapping(allowed: ["proposer", "examples", "top_k", "evidence_results", "evidence_opened", "reasoning", "focus", "temperature", "max_tokens"])
            if let v = try m.optional("proposer", { try $0.oneOf(Agent.proposers) }) { config.agent.proposer = v }
            if let v = try m.optional("examples", { try $0.int(in: 0...6) }) { config.agent.examples = v }
            if let v = try m.optional("top_k", { try $0.int(in: 1...100) }) { config.agent.topK = v }
            if let v = try m.optional("evidence_results", { try $0.int(in: 0...50) }) { config.agent.evidenceResults = v }
            if let v = try m.optional("evidence_opened", { try $0.int(in: 0...10) }) { config.agent.evidenceOpened = v }
            if let v = try m.optional("reasoning", { try $0.bool() }) { config.agent.reasoning = v }
            if let v = try m.optional("focus", { try $0.bool() }) { config.agent.focus = v }
            if let v = try m.optional("temperature", { try $0.double(in: 0...2) }) { config.agent.temperature = v }
            if let v = try m.optional("max_tokens", { try $0.int(in: 64...8192) }) { config.agent.maxTokens = v }
        }
        if let online = root["online"], !online.isNull {
            let m = try online.mapping(allowed: ["environment", "top_k", "top_k_per_persona", "traffic_fraction", "test", "seed", "days_per_step", "command"])
            if let v = try m.optional("environment", { try $0.oneOf(Online.Environment.allCases.map(\.rawValue)) }) { config.online.environment = Online.Environment(rawValue: v)! }
            if let v = try m.optional("top_k", { try $0.int(in: 1...100) }) { config.online.topK = v }
            if let v = try m.optional("top_k_per_persona", { try $0.int(in: 1...100) }) { config.online.topKPerPersona = v }
            if let v = try m.optional("traffic_fraction", { try $0.double(in: 0.0001...0.5) }) { config.online.trafficFraction = v }
            if let v = try m.optional("test", { try $0.oneOf(["sequential", "welch"]) }) { config.online.test = v }
            if let v = try m.optional("seed", { try $0.int(in: 0...Int.max) }) { config.online.seed = UInt64(v) }
            if let v = try m.optional("days_per_step", { try $0.int(in: 1...365) }) { config.online.daysPerStep = v }
            if let command = m["command"], !command.isNull {
                let c = try command.mapping(allowed: ["start", "poll", "stop", "timeout_s", "env_allow"])
                if let v = try c.optional("start", { try $0.array().map { try $0.string() } }) { config.online.startCommand = v }
                if let v = try c.optional("poll", { try $0.array().map { try $0.string() } }) { config.online.pollCommand = v }
                if let v = try c.optional("stop", { try $0.array().map { try $0.string() } }) { config.online.stopCommand = v }
                if let v = try c.optional("timeout_s", { try $0.double(in: 1...3600) }) { config.online.commandTimeoutSeconds = v }
                if let v = try c.optional("env_allow", { try $0.array().map { try $0.string() } }) { config.online.commandEnvironmentAllowList = v }
            }
            if config.online.environment == .command {
                for (key, argv) in [("start", config.online.startCommand), ("poll", config.online.pollCommand), ("stop", config.online.stopCommand)] where argv.isEmpty {
                    let node = m["command"].flatMap { try? $0.mapping(allowed: ["start", "poll", "stop", "timeout_s", "env_allow"]) }?[key] ?? m["command"] ?? online
                    throw node.error("online.environment is command but online.command.\(key) is empty")
                }
            }
        }
        if let world = root["world"], !world.isNull {
            let m = try world.mapping(allowed: ["seed", "users", "items", "impressions"])
            if let v = try m.optional("seed", { try $0.int(in: 0...Int.max) }) { config.world.seed = UInt64(v) }
            if let v = try m.optional("users", { try $0.int(in: 10...10_000_000) }) { config.world.users = v }
            if let v = try m.optional("items", { try $0.int(in: 10...1_000_000) }) { config.world.items = v }
            if let v = try m.optional("impressions", { try $0.int(in: 1_000...100_000_000) }) { config.world.impressions = v }
        }
        if let trainer = root["trainer"], !trainer.isNull {
            let m = try trainer.mapping(allowed: ["kind", "command", "timeout_s", "memory_mb", "env_allow", "workers", "queue"])
            if let v = try m.optional("kind", { try $0.oneOf(TrainerSettings.Kind.allCases.map(\.rawValue)) }) { config.trainer.kind = TrainerSettings.Kind(rawValue: v)! }
            if let v = try m.optional("command", { try $0.array().map { try $0.string() } }) { config.trainer.command = v }
            if let v = try m.optional("timeout_s", { try $0.double(in: 1...86_400) }) { config.trainer.timeoutSeconds = v }
            if let v = try m.optional("memory_mb", { try $0.int(in: 64...1_048_576) }) { config.trainer.memoryMB = v }
            if let v = try m.optional("env_allow", { try $0.array().map { try $0.string() } }) { config.trainer.environmentAllowList = v }
            if let v = try m.optional("workers", { try $0.int(in: 0...256) }) { config.trainer.workers = v }
            if let v = try m.optional("queue", { try $0.int(in: 1...10_000) }) { config.trainer.queue = v }
            if config.trainer.kind == .command && config.trainer.command.isEmpty {
                throw (m["command"] ?? trainer).error("trainer.kind is command but trainer.command is empty")
            }
        }
        if let store = root["store"], !store.isNull {
            let m = try store.mapping(allowed: ["path"])
            if let v = try m.optional("path", { try $0.string() }) { config.storePath = v }
        }
        if let paths = root["paths"], !paths.isNull {
            let m = try paths.mapping(allowed: ["prompts", "policies", "knowledge"])
            if let v = try m.optional("prompts", { try $0.string() }) { config.promptsPath = v }
            if let v = try m.optional("policies", { try $0.string() }) { config.policiesPath = v }
            if let v = try m.optional("knowledge", { try $0.string() }) { config.knowledgePath = v }
        }
        if let review = root["review"], !review.isNull {
            config.review = try parseReview(review)
        }
        if let code = root["code"], !code.isNull {
            config.code = try parseCode(code)
        }
        if let logging = root["logging"], !logging.isNull {
            let m = try logging.mapping(allowed: ["level"])
            if let v = try m.optional("level", { try $0.oneOf(logLevels) }) { config.logLevel = v }
        }
        return config
    }
}
