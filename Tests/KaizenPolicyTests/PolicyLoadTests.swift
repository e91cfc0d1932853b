import Foundation
import Testing
import KaizenPolicy
import KaizenYAML

/// Loading: the shipped defaults load, every value lands in the right field, and files
/// are required.
struct PolicyLoadTests {
    @Test func repositoryDefaultsLoad() throws {
        let policy = try Policy.load(directory: PolicyFixtures.repositoryPolicies)
        #expect(policy.budgets.llmTokensPerRun <= policy.budgets.llmTokensPerDay)
        #expect(policy.budgets.cost(model: "gemma-3-270m", promptTokens: 10_000, completionTokens: 5_000) == 0)
        #expect(policy.budgets.maxExperimentTrafficFraction > 0 && policy.budgets.maxExperimentTrafficFraction <= 1)
        #expect(policy.guardrails.limit(for: "satisfaction")?.maxRelativeDrop == 0.005)
        #expect(policy.guardrails.limit(for: "active_users")?.maxRelativeDrop == 0)
        #expect(policy.launch.alpha > 0 && policy.launch.alpha < 0.5)
        #expect(policy.launch.minDays <= policy.launch.maxDays)
        #expect(Set(policy.dedup.nearDuplicateDistance.keys) == Set(Policy.personas))
    }

    @Test func repositoryDefaultsApprovalRules() throws {
        let approval = try Policy.load(directory: PolicyFixtures.repositoryPolicies).approval
        func reasons(_ persona: String, traffic: Double, gain: Double, cost: Double) -> [String] {
            approval.rulesRequiringApproval(for: .init(persona: persona, trafficFraction: traffic, offlineGain: gain,
                                                       inferenceCostChange: cost)).map(\.name)
        }
        #expect(reasons("optimizer", traffic: 0.05, gain: 0.01, cost: 0) == [])
        #expect(reasons("reward", traffic: 0.05, gain: 0.01, cost: 0) == ["reward-change"])
        #expect(reasons("optimizer", traffic: 0.2, gain: 0.01, cost: 0) == ["large-traffic"])
        #expect(reasons("optimizer", traffic: 0.05, gain: 0.001, cost: 0) == ["small-offline-gain"])
        #expect(reasons("architecture", traffic: 0.05, gain: 0.01, cost: 0.3) == ["inference-cost-increase"])
        #expect(reasons("reward", traffic: 0.5, gain: 0, cost: 1).count == 4)
    }

    @Test func defaultFilesAreCommentedPlainUTF8() throws {
        for name in Policy.fileNames {
            let url = PolicyFixtures.repositoryPolicies.appendingPathComponent(name)
            let data = try Data(contentsOf: url)
            let text = try #require(String(data: data, encoding: .utf8))
            #expect(!text.contains("\t"), "\(name) contains a tab")
            #expect(text.hasPrefix("#"), "\(name) should start with a comment saying what it is for")
        }
    }

    @Test func fixturesLoadIntoFields() throws {
        let policy = try Policy.load(files: PolicyFixtures.files)
        let expected = Policy(
            budgets: .init(
                llmTokensPerDay: 1000, llmTokensPerRun: 100, usdPerDay: 5, usdPerRun: 1.5,
                prices: [.init(model: "local", promptPer1K: 0, completionPer1K: 0),
                         .init(model: "big", promptPer1K: 0.5, completionPer1K: 1.5)],
                trainingJobsPerDay: 20, maxConcurrentExperiments: 2, maxExperimentTrafficFraction: 0.3),
            approval: .init(rules: [
                .init(name: "reward-change", when: .init(persona: ["reward"])),
                .init(name: "big-and-cheap-gain",
                      when: .init(persona: ["architecture", "optimizer"], trafficAbove: 0.1, offlineGainBelow: 0.002)),
                .init(name: "costly", when: .init(inferenceCostIncreaseAbove: 0.2)),
            ]),
            guardrails: .init(limits: [.init(metric: "satisfaction", maxRelativeDrop: 0.005),
                                       .init(metric: "active_users", maxRelativeDrop: 0)],
                              minDaysBeforeAbort: 2),
            launch: .init(test: .sequential, alpha: 0.05, minDays: 7, maxDays: 28, minEffect: 0.002,
                          northStar: "retained_watch_time_14d"),
            dedup: .init(nearDuplicateDistance: ["optimizer": 0.02, "architecture": 0.05, "reward": 0.01]))
        #expect(policy == expected)
    }

    @Test func directoryAndFilesAgree() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kaizen-policy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for (name, text) in PolicyFixtures.files {
            try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        try "ignored".write(to: directory.appendingPathComponent("README.md"), atomically: true, encoding: .utf8)
        #expect(try Policy.load(directory: directory) == Policy.load(files: PolicyFixtures.files))
    }

    @Test func missingFilesAreNamed() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kaizen-policy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for (name, text) in PolicyFixtures.files where name != "launch.yaml" && name != "budgets.yaml" {
            try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        let missing = { (name: String) in
            ConfigError(file: directory.appendingPathComponent(name).path, line: nil, column: nil, key: nil,
                        message: "missing policy file")
        }
        #expect(throws: PolicyErrors(errors: [missing("budgets.yaml"), missing("launch.yaml")])) {
            try Policy.load(directory: directory)
        }

        var files = PolicyFixtures.files
        files["dedup.yaml"] = nil
        #expect(throws: PolicyErrors(errors: [
            ConfigError(file: "dedup.yaml", line: nil, column: nil, key: nil, message: "missing policy file"),
        ])) {
            try Policy.load(files: files)
        }
    }

    @Test func emptyFileReportsEveryMissingKey() {
        var files = PolicyFixtures.files
        files["launch.yaml"] = "# nothing yet\n"
        let missing = { (key: String) in
            ConfigError(file: "launch.yaml", line: 1, column: 1, key: key, message: "missing required key '\(key)'")
        }
        #expect(throws: PolicyErrors(errors: ["test", "alpha", "min_days", "max_days", "min_effect", "north_star"].map(missing))) {
            try Policy.load(files: files)
        }
    }
}
