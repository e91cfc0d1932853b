import KaizenWorkspace
import KaizenWorld

extension Workspace {
    var worldConfig: WorldConfig {
        var config = WorldConfig()
        config.seed = self.config.world.seed
        config.users = self.config.world.users
        config.items = self.config.world.items
        config.impressions = self.config.world.impressions
        return config
    }
}
