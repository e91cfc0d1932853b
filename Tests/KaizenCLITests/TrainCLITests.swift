import Foundation
import KaizenCore
import Testing

/// `kaizen world generate` and `kaizen train` on a tiny world, as a user runs them.
@Suite struct TrainCLITests {
    func tinyWorkspace() throws -> URL { try CLI.tinyWorkspace() }

    @Test func worldGeneratePrintsSizesAndSeed() throws {
        let dir = try tinyWorkspace()
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try CLI.run(["world", "generate", "--json", "--workspace", dir.path])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try JSONValue.parse(result.stdout)
        #expect(json["seed"]?.intValue == 42 && json["users"]?.intValue == 800 && json["impressions"]?.intValue == 20000)
        #expect((json["train_impressions"]?.intValue ?? 0) + (json["validation_impressions"]?.intValue ?? 0) == 20000)
    }

    @Test func trainPrintsTheFourProxyMetricsOnItsLastLine() throws {
        let dir = try tinyWorkspace()
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try CLI.run(["train", "--config", dir.appending(path: "Policies/production.json").path, "--json", "--workspace", dir.path])
        #expect(result.status == 0, "\(result.stderr)")
        let last = try #require(result.stdout.split(separator: "\n").last)
        let metrics = try JSONValue.parse(String(last))["metrics"]
        for name in ["val_logloss", "auc", "ndcg@10", "ltv_kendall_tau"] {
            #expect(metrics?[name]?.doubleValue?.isFinite == true, "missing \(name)")
        }
    }

    @Test func aConfigOutsideTheSearchSpaceIsAnInputError() throws {
        let dir = try tinyWorkspace()
        defer { try? FileManager.default.removeItem(at: dir) }
        let bad = dir.appending(path: "bad.json")
        let production = try String(contentsOf: dir.appending(path: "Policies/production.json"), encoding: .utf8)
        try production.replacingOccurrences(of: "\"learning_rate\": 0.05", with: "\"learning_rate\": 7").write(to: bad, atomically: true, encoding: .utf8)
        let result = try CLI.run(["train", "--config", bad.path, "--workspace", dir.path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("optimizer.learning_rate") && result.stderr.contains("bad.json"), "\(result.stderr)")
        let notJSON = try CLI.run(["train", "--config", dir.appending(path: "kaizen.yaml").path, "--workspace", dir.path])
        #expect(notJSON.status == 2)
    }
}
