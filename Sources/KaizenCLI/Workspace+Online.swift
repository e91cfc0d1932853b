import Foundation
import KaizenAgent
import KaizenCore
import KaizenOnline
import KaizenPolicy
import KaizenSandbox
import KaizenStore
import KaizenWorkspace
import KaizenWorld
import Logging

extension Workspace {
    var onlineSettings: OnlineSettings {
        var s = OnlineSettings()
        s.topK = config.online.topK
        s.topKPerPersona = config.online.topKPerPersona
        s.trafficFraction = config.online.trafficFraction
        s.test = config.online.test.flatMap(Policy.Launch.Test.init(rawValue:))
        s.seed = config.online.seed
        return s
    }

    /// Where experiments run, as `online.environment` says.
    func liveEnvironment(logger: Logger) -> any LiveEnvironment {
        let online = config.online
        switch online.environment {
        case .world:
            return WorldEnvironment(world: World(config: worldConfig), daysPerPoll: online.daysPerStep, logger: logger)
        case .command:
            return CommandEnvironment(
                start: online.startCommand, poll: online.pollCommand, stop: online.stopCommand,
                timeout: .milliseconds(Int(online.commandTimeoutSeconds * 1000)), workingDirectory: root,
                environmentAllowList: online.commandEnvironmentAllowList, logger: logger)
        }
    }

    /// The online agent over this workspace's store, policy and environment.
    func onlineAgent(test: Policy.Launch.Test?, store: Store, logger: Logger) throws -> OnlineAgent {
        var settings = onlineSettings
        if let test { settings.test = test }
        return OnlineAgent(
            store: store, environment: liveEnvironment(logger: logger), policy: try loadPolicy(), settings: settings,
            initialProduction: try defaultProductionConfig(), logger: logger)
    }

    /// Production now, seeding the store's history with `Policies/production.json` once.
    func ensureProduction(store: Store) throws -> ProductionRecord {
        let initial = try defaultProductionConfig()
        return try store.ensureProduction(initial: initial, fingerprint: Fingerprint.ofConfig(initial))
    }

    /// Production as the store records it (launches and rollbacks), else the initial config.
    func productionConfig(store: Store) throws -> JSONValue {
        try store.currentProduction()?.config ?? defaultProductionConfig()
    }
}
