import Foundation
import KaizenCore
import KaizenNN
import KaizenSandbox
import KaizenTrainer
import KaizenWorld

/// The built-in Swift trainer against Examples/torch-trainer (PyTorch on CPU) in one run:
/// same world data, reward labels, architecture, optimizer, batch size and epochs.
enum TrainerBench {
    static func run() async throws {
        let world = World(config: WorldConfig())
        for epochs in [1, 2] { try await compare(world: world, epochs: epochs) }
        let peak = BLASInfo.measuredPeakGFLOPS()
        print("trainer.sgemm_peak_gflops      \(Bench.fmt(peak, 1))   (1024^3 sgemm, both cores)")
    }

    /// Six seeds per trainer: at 2 epochs both frameworks overfit the time split, and the
    /// seed-to-seed spread of validation loss (about 0.55–0.60) is as large as the gap measured.
    static func compare(world: World, epochs: Int) async throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        var config = try TensionBench.production()
        config = config.merging(patch: try JSONValue.parse(#"{"optimizer": {"name": "adam", "learning_rate": 0.003, "batch_size": 512, "epochs": \#(epochs)}}"#))
        let python = ProcessInfo.processInfo.environment["KAIZEN_TORCH_PYTHON"]
            ?? FileManager.default.homeDirectoryForCurrentUser.appending(path: ".cache/kaizen/torch-venv/bin/python").path
        let command = CommandTrainer(
            command: [python, root.appending(path: "Examples/torch-trainer/train.py").path],
            // PyTorch's CUDA-enabled wheel maps gigabytes of address space, so no RLIMIT_AS here.
            limits: SandboxLimits(wallClock: .seconds(1800), memoryBytes: nil))
        let data = FileManager.default.temporaryDirectory.appending(path: "kaizen-bench-data")
        var swiftLosses: [Double] = [], torchLosses: [Double] = [], swiftRates: [Double] = [], torchRates: [Double] = []
        for seed in UInt64(1)...6 {
            let job = TrainingJob(candidateID: "bench", config: config, seed: seed)
            let swift = try await BuiltinTrainer(world: world).train(job)
            let torch = try await WorldCommandTrainer(world: world, base: command, dataDirectory: data).train(job)
            swiftLosses.append(swift.metrics["val_logloss"]!)
            torchLosses.append(torch.metrics["val_logloss"]!)
            swiftRates.append(swift.trainExamplesPerSecond ?? .nan)
            torchRates.append(torch.metrics["train_examples_per_s"] ?? .nan)
        }
        func mean(_ x: [Double]) -> Double { x.reduce(0, +) / Double(x.count) }
        func list(_ x: [Double]) -> String { x.map { Bench.fmt($0, 4) }.joined(separator: ", ") }
        let network = RankingNetwork(architecture: try ModelConfig(json: config).architecture, users: world.config.users, items: world.config.items,
                                     userFeatureCount: world.logs.userFeatureCount, itemFeatureCount: world.logs.itemFeatureCount, seed: 1)
        // Training costs about three forward passes (forward, and backward to inputs and weights).
        let trainFLOPs = 3 * Double(network.flopsPerExample)
        print("trainer.epochs                 \(epochs)   (default architecture, adam 0.003, batch 512, click-only reward, default world, seeds 1-6)")
        print("trainer.swift_examples_per_s   \(Bench.fmt(mean(swiftRates), 0))   (val_logloss \(list(swiftLosses)))")
        print("trainer.torch_examples_per_s   \(Bench.fmt(mean(torchRates), 0))   (val_logloss \(list(torchLosses)); \(python))")
        print("trainer.speedup                \(Bench.fmt(mean(swiftRates) / mean(torchRates), 2))x   (goal >= 1.5x)")
        print("trainer.val_loss_gap           \(Bench.fmt((mean(swiftLosses) - mean(torchLosses)) / mean(torchLosses) * 100, 2))%   (mean Swift minus mean PyTorch, relative; goal within 2%)")
        print("trainer.achieved_gflops        \(Bench.fmt(trainFLOPs * mean(swiftRates) / 1e9, 2))   (\(Bench.fmt(trainFLOPs, 0)) FLOPs per training example, ~3x forward)")
    }
}
