import ArgumentParser
import Foundation
import KaizenCore
import KaizenTrainer
import KaizenWorkspace
import KaizenWorld

/// `kaizen world ...`: the built-in simulated recommendation service.
struct WorldCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "world", abstract: "The built-in world: generate it, or (benchmark tool) measure a config's oracle north star.",
        subcommands: [Generate.self, Oracle.self])

    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Generate the world from kaizen.yaml's world settings; print sizes and seed.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            let workspace = try Workspace.openOrDefaults(at: global.workspaceURL)
            let start = ContinuousClock.now
            let world = World(config: workspace.worldConfig)
            let logs = world.logs
            let seconds = (ContinuousClock.now - start).seconds
            let summary: JSONValue = .object([
                "seed": .number(Double(world.config.seed)), "users": .number(Double(world.config.users)),
                "items": .number(Double(world.config.items)), "impressions": .number(Double(world.config.impressions)),
                "train_impressions": .number(Double(logs.train.count)), "validation_impressions": .number(Double(logs.validation.count)),
                "user_features": .number(Double(logs.userFeatureCount)), "item_features": .number(Double(logs.itemFeatureCount)),
                "seconds": .number((seconds * 100).rounded() / 100),
            ])
            if output.json { return printJSON(summary) }
            print("world seed \(world.config.seed): \(world.config.users) users, \(world.config.items) items, \(world.config.impressions) impressions")
            print("  logs: \(logs.train.count) train, \(logs.validation.count) validation (split by day)")
            print("  features: \(logs.userFeatureCount) per user, \(logs.itemFeatureCount) per item")
            print("  generated in \(String(format: "%.2f", seconds)) s")
        }
    }

    struct Oracle: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "BENCHMARK TOOL: train a config and print its noise-free oracle north star. Agents never see this.")
        @OptionGroup var training: TrainingOptions
        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let workspace = try Workspace.openOrDefaults(at: global.workspaceURL)
            let json = try training.loadConfig(workspace: workspace)
            let world = World(config: workspace.worldConfig)
            let trainer = BuiltinTrainer(world: world, logger: global.logger("kaizen.trainer", config: workspace.config))
            let (result, ranker): (TrainingResult, TrainedRanker)
            do { (result, ranker) = try await trainer.trainModel(TrainingJob(candidateID: "oracle", config: json, seed: training.seed)) } catch {
                throw TrainingCommandError(description: "training failed: \(error.reason)")
            }
            let value = world.oracleValue(of: ranker)
            if output.json {
                printJSON(.object(["oracle_north_star": .number(value), "metrics": .object(result.metrics.mapValues(JSONValue.number))]))
            } else {
                print("oracle north star: \(String(format: "%.4f", value))  (benchmark tool: noise-free, all users)")
                for (name, v) in result.metrics.sorted(by: { $0.key < $1.key }) { print("  \(name): \(String(format: "%.4f", v))") }
            }
        }
    }
}
