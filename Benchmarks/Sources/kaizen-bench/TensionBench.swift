import Foundation
import KaizenCore
import KaizenTrainer
import KaizenWorld

/// Issue 3's tension checks on the default world, with figures:
/// (a) a click-only reward wins click AUC and loses the oracle north star to a
///     satisfaction-aware reward; (b) architecture and optimizer choices move validation
///     loss by more than seed-to-seed spread; (c) the default production config leaves at
///     least 10% oracle north star on the table against a coarse grid.
enum TensionBench {
    static func production() throws -> JSONValue {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appending(path: "Policies/production.json")
        return try JSONValue.parse(String(contentsOf: url, encoding: .utf8))
    }

    static let rewards: [(String, String)] = [
        ("click-only", #"{"reward": {"click": 1, "watch": 0, "satisfaction": 0, "return": 0, "clickbait_penalty": 0}}"#),
        ("watch", #"{"reward": {"click": 0.2, "watch": 1, "satisfaction": 0, "return": 0, "clickbait_penalty": 0}}"#),
        ("satisfaction-aware", #"{"reward": {"click": 0.2, "watch": 0.5, "satisfaction": 1, "return": 0, "clickbait_penalty": 0.3}}"#),
        ("return-aware", #"{"reward": {"click": 0.2, "watch": 0.5, "satisfaction": 0.5, "return": 0.5, "clickbait_penalty": 0.3}}"#),
    ]
    static let optimizers: [(String, String)] = [
        ("sgd-0.05", #"{"optimizer": {"name": "sgd", "learning_rate": 0.05}}"#),
        ("adam-0.003", #"{"optimizer": {"name": "adam", "learning_rate": 0.003}}"#),
    ]
    static let architectures: [(String, String)] = [
        ("dot-[64,32]", #"{"architecture": {"tower": [64, 32], "interaction": "dot"}}"#),
        ("both-[128,64]-gelu", #"{"architecture": {"tower": [128, 64], "interaction": "both", "activation": "gelu"}}"#),
    ]

    static func run() async throws {
        let world = World(config: WorldConfig())
        let trainer = BuiltinTrainer(world: world)
        let base = try production()
        func evaluate(_ patches: [String], seed: UInt64 = 1) async throws -> (TrainingResult, Double) {
            var config = base
            for p in patches { config = config.merging(patch: try JSONValue.parse(p)) }
            let (result, ranker) = try await trainer.trainModel(TrainingJob(candidateID: "bench", config: config, seed: seed))
            return (result, world.oracleValue(of: ranker))
        }
        let (prodResult, prodOracle) = try await evaluate([])
        print("tension.production             oracle \(Bench.fmt(prodOracle, 1))  auc \(Bench.fmt(prodResult.metrics["auc"]!, 4))  val_logloss \(Bench.fmt(prodResult.metrics["val_logloss"]!, 4))")

        // (a)
        let (click, clickOracle) = try await evaluate([rewards[0].1, optimizers[1].1])
        let (sat, satOracle) = try await evaluate([rewards[2].1, optimizers[1].1])
        print("tension.a.click_only           auc \(Bench.fmt(click.metrics["auc"]!, 4))  oracle \(Bench.fmt(clickOracle, 1))  ltv_tau \(Bench.fmt(click.metrics["ltv_kendall_tau"]!, 3))")
        print("tension.a.satisfaction_aware   auc \(Bench.fmt(sat.metrics["auc"]!, 4))  oracle \(Bench.fmt(satOracle, 1))  ltv_tau \(Bench.fmt(sat.metrics["ltv_kendall_tau"]!, 3))")
        print("tension.a.holds                \(click.metrics["auc"]! > sat.metrics["auc"]! && clickOracle < satOracle)")

        // (b)
        var seedLosses: [Double] = []
        for seed in UInt64(1)...3 { seedLosses.append(try await evaluate([], seed: seed).0.metrics["val_logloss"]!) }
        let spread = (seedLosses.max()! - seedLosses.min()!)
        var choiceLosses: [(String, Double)] = []
        for (name, patch) in optimizers + architectures { choiceLosses.append((name, try await evaluate([patch]).0.metrics["val_logloss"]!)) }
        let choiceRange = choiceLosses.map(\.1).max()! - choiceLosses.map(\.1).min()!
        print("tension.b.seed_spread          \(Bench.fmt(spread, 5))  (val_logloss over seeds 1-3: \(seedLosses.map { Bench.fmt($0, 4) }.joined(separator: ", ")))")
        print("tension.b.choice_range         \(Bench.fmt(choiceRange, 5))  (\(choiceLosses.map { "\($0.0) \(Bench.fmt($0.1, 4))" }.joined(separator: "; ")))")
        print("tension.b.holds                \(choiceRange > spread)")

        // (c)
        var best = (name: "production", oracle: prodOracle)
        for (r, rp) in rewards {
            for (o, op) in optimizers {
                for (a, ap) in architectures {
                    let (_, oracle) = try await evaluate([rp, op, ap])
                    print("tension.c.grid                 \(r) | \(o) | \(a): oracle \(Bench.fmt(oracle, 1))")
                    if oracle > best.oracle { best = ("\(r) | \(o) | \(a)", oracle) }
                }
            }
        }
        let gap = (best.oracle - prodOracle) / prodOracle
        print("tension.c.best                 \(best.name): oracle \(Bench.fmt(best.oracle, 1)) vs production \(Bench.fmt(prodOracle, 1)) (+\(Bench.fmt(gap * 100, 1))%)")
        print("tension.c.holds                \(gap >= 0.10)")
        let satOracleRanker = world.oracleValue(of: OracleSatisfactionRanker(world: world))
        print("tension.reference              oracle satisfaction ranker \(Bench.fmt(satOracleRanker, 1)); click ranker \(Bench.fmt(world.oracleValue(of: OracleClickRanker(world: world)), 1))")
    }
}
