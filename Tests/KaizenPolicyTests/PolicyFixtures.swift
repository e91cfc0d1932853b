import Foundation
import KaizenPolicy

/// Small, valid policy files with known line numbers, so tests can break one thing at a
/// time and assert the exact location of the error.
enum PolicyFixtures {
    static let budgets = """
        llm:
          tokens_per_day: 1000
          tokens_per_run: 100
        money:
          usd_per_day: 5
          usd_per_run: 1.5
          prices_per_1k_tokens:
            - model: local
              prompt: 0
              completion: 0
            - model: big
              prompt: 0.5
              completion: 1.5
        training:
          jobs_per_day: 20
        experiments:
          max_concurrent: 2
          max_traffic_fraction: 0.3

        """

    static let approval = """
        rules:
          - name: reward-change
            when:
              persona: [reward]
            require: approval
          - name: big-and-cheap-gain
            when:
              persona: [architecture, optimizer]
              traffic_above: 0.1
              offline_gain_below: 0.002
            require: approval
          - name: costly
            when: {inference_cost_increase_above: 0.2}
            require: approval

        """

    static let guardrails = """
        min_days_before_abort: 2
        limits:
          - metric: satisfaction
            max_relative_drop: 0.005
          - metric: active_users
            max_relative_drop: 0

        """

    static let launch = """
        test: sequential
        alpha: 0.05
        min_days: 7
        max_days: 28
        min_effect: 0.002
        north_star: retained_watch_time_14d

        """

    static let dedup = """
        near_duplicate_distance:
          optimizer: 0.02
          architecture: 0.05
          reward: 0.01

        """

    static let files: [String: String] = [
        "budgets.yaml": budgets, "approval.yaml": approval, "guardrails.yaml": guardrails,
        "launch.yaml": launch, "dedup.yaml": dedup,
    ]

    /// The fixtures with `old` replaced by `new` in one file (the text must occur).
    static func files(_ name: String, replacing old: String, with new: String) -> [String: String] {
        var files = files
        let text = files[name]!
        precondition(text.contains(old), "fixture \(name) lacks \(old)")
        files[name] = text.replacingOccurrences(of: old, with: new)
        return files
    }

    /// The repository's top-level `Policies/`, the defaults that get embedded.
    static var repositoryPolicies: URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()  // KaizenPolicyTests
            .deletingLastPathComponent()  // Tests
            .deletingLastPathComponent()  // repository root
            .appendingPathComponent("Policies", isDirectory: true)
    }
}
