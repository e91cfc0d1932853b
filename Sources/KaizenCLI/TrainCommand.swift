import ArgumentParser
import Foundation
import KaizenCore
import KaizenSandbox
import KaizenTrainer
import KaizenWorkspace
import KaizenWorld

/// `kaizen train --config FILE`: train one config and print its proxy metrics.
struct TrainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train", abstract: "Train one config (built-in or command trainer) and print its proxy metrics.")

    enum TrainerKind: String, ExpressibleByArgument, CaseIterable { case builtin, command }

    @OptionGroup var training: TrainingOptions
    @Option(help: "builtin | command (default: trainer.kind in kaizen.yaml).")
    var trainer: TrainerKind?
    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let workspace = try Workspace.openOrDefaults(at: global.workspaceURL)
        let logger = global.logger("kaizen.trainer", config: workspace.config)
        let json = try training.loadConfig(workspace: workspace)
        let kind = trainer ?? (workspace.config.trainer.kind == .command ? .command : .builtin)
        let chosen: any Trainer
        switch kind {
        case .builtin:
            let bar = ProgressBar(enabled: isatty(STDERR_FILENO) == 1)
            let world = World(config: workspace.worldConfig)
            chosen = BuiltinTrainer(world: world, logger: logger, progress: { epoch, epochs, loss in bar.update(epoch, of: epochs, loss: loss) })
        case .command:
            let settings = workspace.config.trainer
            guard !settings.command.isEmpty else { throw CommandInputError(description: "kaizen.yaml: trainer.command is empty") }
            let command = CommandTrainer(
                command: settings.command,
                limits: SandboxLimits(wallClock: .milliseconds(Int(settings.timeoutSeconds * 1000)), memoryBytes: settings.memoryMB << 20),
                environmentAllowList: settings.environmentAllowList, logger: logger)
            // On the built-in world the program gets the logs, with this config's reward labels, in KAIZEN_DATA.
            chosen = WorldCommandTrainer(world: World(config: workspace.worldConfig), base: command, dataDirectory: workspace.stateURL.appending(path: "data"))
        }
        let result: TrainingResult
        do { result = try await chosen.train(TrainingJob(candidateID: "cli", config: json, seed: training.seed)) } catch {
            throw TrainingCommandError(description: "training failed: \(error.reason)")
        }
        let metrics = JSONValue.object(result.metrics.mapValues(JSONValue.number))
        if output.json {
            // One object on the last line, for scripts.
            print(JSONValue.object([
                "metrics": metrics,
                "curve": .array(result.curve.map { .object(["epoch": .number(Double($0.epoch)), "train_loss": .number($0.trainLoss), "validation_loss": $0.validationLoss.map(JSONValue.number) ?? .null]) }),
                "wall_seconds": .number(result.wallSeconds),
                "parameters": result.parameterCount.map { .number(Double($0)) } ?? .null,
                "inference_flops_per_request": result.inferenceFLOPsPerRequest.map(JSONValue.number) ?? .null,
            ]).canonicalText)
        } else {
            for (name, value) in result.metrics.sorted(by: { $0.key < $1.key }) { print("\(name): \(String(format: "%.4f", value))") }
            print("wall time: \(String(format: "%.1f", result.wallSeconds)) s" + (result.parameterCount.map { ", \($0) parameters" } ?? ""))
        }
    }
}

struct TrainingCommandError: Error, CustomStringConvertible {
    let description: String
}

/// An epoch progress bar on a terminal's standard error; silent otherwise.
final class ProgressBar: Sendable {
    let enabled: Bool
    init(enabled: Bool) { self.enabled = enabled }

    func update(_ epoch: Int, of epochs: Int, loss: Double) {
        guard enabled else { return }
        let width = 30
        let done = epochs > 0 ? width * epoch / epochs : width
        let bar = String(repeating: "#", count: done) + String(repeating: "-", count: width - done)
        FileHandle.standardError.write(Data("\r[\(bar)] epoch \(epoch)/\(epochs) loss \(String(format: "%.4f", loss))\(epoch == epochs ? "\n" : "")".utf8))
    }
}
