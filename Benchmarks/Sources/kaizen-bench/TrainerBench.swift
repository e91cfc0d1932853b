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

    static func compare(world: World, epochs: Int) async throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        var config = try TensionBench.production()
        config = config.merging(patch: try JSONValue.parse(#"{"optimizer": {"name": "adam", "learning_rate": 0.003, "batch_size": 512, "epochs": \#(epochs)}}"#))
        let job = TrainingJob(candidateID: "bench", config: config, seed: 1)
        let swift = try await BuiltinTrainer(world: world).train(job)
        let swiftRate = swift.trainExamplesPerSecond ?? .nan

        let python = ProcessInfo.processInfo.environment["KAIZEN_TORCH_PYTHON"]
            ?? FileManager.default.homeDirectoryForCurrentUser.appending(path: ".cache/kaizen/torch-venv/bin/python").path
        let command = CommandTrainer(
            command: [python, root.appending(path: "Examples/torch-trainer/train.py").path],
            // PyTorch's CUDA-enabled wheel maps gigabytes of address space, so no RLIMIT_AS here.
            limits: SandboxLimits(wallClock: .seconds(1800), memoryBytes: nil))
        let data = FileManager.default.temporaryDirectory.appending(path: "kaizen-bench-data")
        let torch = try await WorldCommandTrainer(world: world, base: command, dataDirectory: data).train(job)
        let torchRate = torch.metrics["train_examples_per_s"] ?? .nan

        let network = RankingNetwork(architecture: try ModelConfig(json: config).architecture, users: world.config.users, items: world.config.items,
                                     userFeatureCount: world.logs.userFeatureCount, itemFeatureCount: world.logs.itemFeatureCount, seed: 1)
        // Training costs about three forward passes (forward, and backward to inputs and weights).
        let trainFLOPs = 3 * Double(network.flopsPerExample)
        let swiftLoss = swift.metrics["val_logloss"]!
        let torchLoss = torch.metrics["val_logloss"]!
        print("trainer.epochs                 \(epochs)   (default architecture, adam 0.003, batch 512, click-only reward, default world)")
        print("trainer.swift_examples_per_s   \(Bench.fmt(swiftRate, 0))   (val_logloss \(Bench.fmt(swiftLoss, 5)))")
        print("trainer.torch_examples_per_s   \(Bench.fmt(torchRate, 0))   (val_logloss \(Bench.fmt(torchLoss, 5)); \(python))")
        print("trainer.speedup                \(Bench.fmt(swiftRate / torchRate, 2))x   (goal >= 1.5x)")
        print("trainer.val_loss_gap           \(Bench.fmt((swiftLoss - torchLoss) / torchLoss * 100, 2))%   (Swift minus PyTorch, relative; goal within 2%)")
        print("trainer.achieved_gflops        \(Bench.fmt(trainFLOPs * swiftRate / 1e9, 2))   (\(Bench.fmt(trainFLOPs, 0)) FLOPs per training example, ~3x forward)")
    }
}
