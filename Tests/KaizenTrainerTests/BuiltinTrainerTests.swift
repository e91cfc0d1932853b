import Foundation
import KaizenCore
import KaizenNN
import KaizenWorld
import Testing

@testable import KaizenTrainer

/// A small world shared by the trainer tests (generation is deterministic).
let smallWorld = World(config: WorldConfig(seed: 7, users: 1_500, items: 400, impressions: 40_000))

let repositoryPolicies = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appending(path: "Policies")

func productionConfig() throws -> JSONValue {
    try JSONValue.parse(String(contentsOf: repositoryPolicies.appending(path: "production.json"), encoding: .utf8))
}

func config(_ patch: String) throws -> JSONValue {
    try productionConfig().merging(patch: JSONValue.parse(patch))
}

@Suite struct ModelConfigTests {
    @Test func theProductionConfigReads() throws {
        let model = try ModelConfig(json: productionConfig())
        #expect(model.architecture.towerWidths == [64, 32])
        #expect(model.optimizer.kind == .sgd)
        #expect(model.reward.click == 1 && model.reward.transform == .clip)
    }

    @Test(arguments: [
        (#"{"optimizer": {"name": "lion"}}"#, "optimizer.name"),
        (#"{"architecture": {"tower": []}}"#, "architecture.tower"),
        (#"{"architecture": {"embedding_dim": "big"}}"#, "architecture.embedding_dim"),
        (#"{"reward": {"click": 0}}"#, "all zero"),
        (#"{"optimizer": {"epochs": null}}"#, "optimizer.epochs is missing"),
    ])
    func invalidConfigsNameTheField(patch: String, fragment: String) throws {
        do {
            _ = try ModelConfig(json: config(patch))
            Issue.record("expected invalidConfig")
        } catch let failure as TrainingFailure {
            guard case .invalidConfig(let why) = failure else { Issue.record("\(failure)"); return }
            #expect(why.contains(fragment), "\(why)")
        }
    }
}

@Suite struct RewardLabelTests {
    @Test func labelsFollowTheWeightsAndStayInRange() {
        let log = smallWorld.logs.train
        let click = RewardSpec(click: 1).labels(for: log)
        #expect(zip(click, log.clicks).allSatisfy { $0.0 == ($0.1 ? 1 : 0) })
        let mixed = RewardSpec(click: 0.2, watch: 0.5, satisfaction: 1, clickbaitPenalty: 0.5).labels(for: log)
        #expect(mixed.allSatisfy { (0...1).contains($0) })
        // A penalized clickbait pattern (click, short watch) scores below a long watch.
        let short = (0..<log.count).first { log.clicks[$0] && log.watchFraction[$0] < 0.1 }
        let long = (0..<log.count).first { log.clicks[$0] && log.watchFraction[$0] > 0.8 }
        if let short, let long { #expect(mixed[short] < mixed[long]) }
        #expect(RewardSpec(click: 1, transform: .binarize).labels(for: log).allSatisfy { $0 == 0 || $0 == 1 })
    }
}

@Suite(.serialized) struct BuiltinTrainerTests {
    @Test func trainingConvergesAndReportsEveryMetric() async throws {
        let trainer = BuiltinTrainer(world: smallWorld)
        let result = try await trainer.train(TrainingJob(candidateID: "t", config: config(#"{"optimizer": {"name": "adam", "learning_rate": 0.003, "epochs": 3}}"#)))
        for name in ["val_logloss", "auc", "ndcg@10", "ltv_kendall_tau"] {
            #expect(result.metrics[name]?.isFinite == true, "missing \(name)")
        }
        #expect(result.curve.count == 3)
        #expect(result.curve.last!.trainLoss < result.curve.first!.trainLoss)
        #expect(result.metrics["auc"]! > 0.55)
        #expect((result.parameterCount ?? 0) > 0 && (result.inferenceFLOPsPerRequest ?? 0) > 0)
    }

    @Test func sameSeedSameMetrics() async throws {
        let trainer = BuiltinTrainer(world: smallWorld)
        let job = TrainingJob(candidateID: "t", config: try config(#"{"optimizer": {"epochs": 1}}"#), seed: 3)
        let a = try await trainer.train(job)
        let b = try await trainer.train(job)
        #expect(a.metrics == b.metrics)
    }

    @Test func aHugeLearningRateFailsWithAReason() async throws {
        let trainer = BuiltinTrainer(world: smallWorld)
        let job = TrainingJob(candidateID: "t", config: try config(#"{"optimizer": {"name": "sgd", "learning_rate": 0.5, "momentum": 0.99, "epochs": 2}, "architecture": {"embedding_dim": 128, "tower": [512, 512]}}"#))
        do {
            let result = try await trainer.train(job)
            // Some huge steps survive; then the loss must at least be worse than a sane run.
            #expect(result.metrics["val_logloss"]! > 0.3)
        } catch {
            switch error {
            case .nonFiniteLoss, .diverged, .nonFiniteMetric: break
            default: Issue.record("unexpected failure \(error)")
            }
        }
    }

    @Test func theTrainedModelServesAsARanker() async throws {
        let trainer = BuiltinTrainer(world: smallWorld)
        let (_, ranker) = try await trainer.trainModel(TrainingJob(candidateID: "t", config: try config(#"{"optimizer": {"epochs": 1}}"#)))
        let scores = ranker.scores(user: 3, items: [1, 2, 3, 4])
        #expect(scores.count == 4 && scores.allSatisfy(\.isFinite))
        #expect(smallWorld.oracleValue(of: ranker, population: 200).isFinite)
    }
}

@Suite struct WorldDataExportTests {
    @Test func writesEveryArrayWithTheRightSize() throws {
        let dir = FileManager.default.temporaryDirectory.appending(path: "kaizen-export-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        try WorldDataExport.write(world: smallWorld, reward: RewardSpec(click: 1), to: dir)
        let logs = smallWorld.logs
        func size(_ name: String) throws -> Int { try Data(contentsOf: dir.appending(path: name)).count }
        #expect(try size("train_users.i32") == logs.train.count * 4)
        #expect(try size("train_labels.f32") == logs.train.count * 4)
        #expect(try size("validation_groups.i64") == logs.validation.count * 8)
        #expect(try size("user_features.f32") == smallWorld.config.users * logs.userFeatureCount * 4)
        let manifest = try JSONValue.parse(Data(contentsOf: dir.appending(path: "manifest.json")))
        #expect(manifest["train_count"]?.intValue == logs.train.count)
    }
}
