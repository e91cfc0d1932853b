import Foundation
import KaizenWorld

/// Writes the built-in world's logs, with one reward's labels, as raw little-endian arrays
/// plus `manifest.json`, so a command trainer (e.g. `Examples/torch-trainer`) trains on
/// exactly the data the built-in trainer sees.
///
/// Files: `user_features.f32` (users × user_feature_count), `item_features.f32`,
/// `{train,validation}_{users,items}.i32`, `{train,validation}_labels.f32` (the reward
/// target), and for validation metrics `validation_clicks.u8`, `validation_gains.f32`
/// (watch fraction of clicks), `validation_groups.i64` (user-day slates) and
/// `validation_ltv.f32` (long-term value).
public enum WorldDataExport {
    public static func write(world: World, reward: RewardSpec, to directory: URL) throws {
        let fm = FileManager.default
        try fm.createDirectory(at: directory, withIntermediateDirectories: true)
        let logs = world.logs
        func put<T>(_ name: String, _ values: [T]) throws {
            try values.withUnsafeBytes { try Data($0).write(to: directory.appending(path: name)) }
        }
        try put("user_features.f32", logs.userFeatures)
        try put("item_features.f32", logs.itemFeatures)
        for (split, log) in [("train", logs.train), ("validation", logs.validation)] {
            try put("\(split)_users.i32", log.users)
            try put("\(split)_items.i32", log.items)
            try put("\(split)_labels.f32", reward.labels(for: log))
        }
        let v = logs.validation
        try put("validation_clicks.u8", v.clicks.map { UInt8($0 ? 1 : 0) })
        try put("validation_gains.f32", v.watchGains)
        try put("validation_groups.i64", v.slateGroups.map(Int64.init))
        try put("validation_ltv.f32", v.longTermValue)
        let manifest: [String: Any] = [
            "format": "kaizen.world-data.v1", "seed": world.config.seed, "users": world.config.users, "items": world.config.items,
            "user_feature_count": logs.userFeatureCount, "item_feature_count": logs.itemFeatureCount,
            "train_count": logs.train.count, "validation_count": v.count,
        ]
        try JSONSerialization.data(withJSONObject: manifest, options: [.sortedKeys, .prettyPrinted]).write(to: directory.appending(path: "manifest.json"))
    }
}

/// The command trainer on the built-in world: exports the logs with the job's reward labels
/// (cached per reward under `dataDirectory`) and passes their folder as `KAIZEN_DATA`.
public struct WorldCommandTrainer: Trainer {
    public let world: World
    public let base: CommandTrainer
    public let dataDirectory: URL

    public init(world: World, base: CommandTrainer, dataDirectory: URL) {
        self.world = world
        self.base = base
        self.dataDirectory = dataDirectory
    }

    public func train(_ job: TrainingJob) async throws(TrainingFailure) -> TrainingResult {
        let reward = try ModelConfig(json: job.config).reward
        let key = "world-\(world.config.seed)-\(world.config.users)-\(world.config.items)-\(world.config.impressions)-" +
            "\(reward.click)-\(reward.watch)-\(reward.satisfaction)-\(reward.returnNextDay)-\(reward.clickbaitPenalty)-\(reward.transform.rawValue)"
        let folder = dataDirectory.appending(path: key.replacingOccurrences(of: ".", with: "_"))
        if !FileManager.default.fileExists(atPath: folder.appending(path: "manifest.json").path) {
            do {
                let partial = folder.appendingPathExtension("partial")
                try? FileManager.default.removeItem(at: partial)
                try WorldDataExport.write(world: world, reward: reward, to: partial)
                try? FileManager.default.removeItem(at: folder)
                try FileManager.default.moveItem(at: partial, to: folder)
            } catch {
                throw .launchFailed("cannot export the world's data to \(folder.path): \(error.localizedDescription)")
            }
        }
        var trainer = base
        trainer.extraEnvironment["KAIZEN_DATA"] = folder.path
        return try await trainer.train(job)
    }
}
