import Testing
import KaizenPolicy
import KaizenYAML

/// Each kind of bad policy gets one precise error: file, line, column, key path, message.
struct PolicyErrorTests {
    /// Loads the fixtures with one replacement and expects exactly `expected`.
    private func expectErrors(_ file: String, replacing old: String, with new: String, _ expected: [ConfigError],
                              sourceLocation: SourceLocation = #_sourceLocation) {
        let files = PolicyFixtures.files(file, replacing: old, with: new)
        #expect(throws: PolicyErrors(errors: expected), sourceLocation: sourceLocation) {
            try Policy.load(files: files)
        }
    }

    private func error(_ file: String, _ line: Int, _ column: Int, _ key: String, _ message: String) -> ConfigError {
        ConfigError(file: file, line: line, column: column, key: key, message: message)
    }

    // MARK: budgets.yaml

    @Test func budgetsUnknownKeySuggests() {
        expectErrors("budgets.yaml", replacing: "tokens_per_run: 100", with: "token_per_run: 100", [
            error("budgets.yaml", 3, 3, "llm.token_per_run", "unknown key 'token_per_run' (did you mean 'tokens_per_run'?)"),
        ])
    }

    @Test func budgetsFractionOutOfRange() {
        expectErrors("budgets.yaml", replacing: "max_traffic_fraction: 0.3", with: "max_traffic_fraction: 1.5", [
            error("budgets.yaml", 18, 25, "experiments.max_traffic_fraction", "expected a number between 0 and 1, found '1.5'"),
        ])
    }

    @Test func budgetsPerRunAbovePerDay() {
        expectErrors("budgets.yaml", replacing: "tokens_per_run: 100", with: "tokens_per_run: 5000", [
            error("budgets.yaml", 3, 19, "llm.tokens_per_run", "expected an integer <= tokens_per_day (1000), found '5000'"),
        ])
        expectErrors("budgets.yaml", replacing: "usd_per_run: 1.5", with: "usd_per_run: 7", [
            error("budgets.yaml", 6, 16, "money.usd_per_run", "expected a number <= usd_per_day (5), found '7'"),
        ])
    }

    @Test func budgetsWrongType() {
        expectErrors("budgets.yaml", replacing: "jobs_per_day: 20", with: "jobs_per_day: lots", [
            error("budgets.yaml", 15, 17, "training.jobs_per_day", "expected an integer >= 0, found 'lots'"),
        ])
    }

    @Test func budgetsDuplicateModelAndNegativePrice() {
        expectErrors("budgets.yaml", replacing: "- model: big\n      prompt: 0.5", with: "- model: local\n      prompt: -0.5", [
            error("budgets.yaml", 11, 14, "money.prices_per_1k_tokens[1].model", "duplicate model 'local' (first listed at line 8)"),
            error("budgets.yaml", 12, 15, "money.prices_per_1k_tokens[1].prompt", "expected a number >= 0, found '-0.5'"),
        ])
    }

    @Test func budgetsMissingSection() {
        expectErrors("budgets.yaml", replacing: "training:\n  jobs_per_day: 20\n", with: "", [
            error("budgets.yaml", 1, 1, "training", "missing required key 'training'"),
        ])
    }

    // MARK: approval.yaml

    @Test func approvalPersonaTypoHasNestedPath() {
        expectErrors("approval.yaml", replacing: "[architecture, optimizer]", with: "[architecture, optimiser]", [
            error("approval.yaml", 8, 31, "rules[1].when.persona[1]",
                  "expected one of optimizer, architecture, reward; found 'optimiser' (did you mean 'optimizer'?)"),
        ])
    }

    @Test func approvalPersonaMustBeAList() {
        expectErrors("approval.yaml", replacing: "persona: [reward]", with: "persona: reward", [
            error("approval.yaml", 4, 16, "rules[0].when.persona", "expected a sequence, found 'reward'"),
        ])
        expectErrors("approval.yaml", replacing: "persona: [reward]", with: "persona: []", [
            error("approval.yaml", 4, 16, "rules[0].when.persona", "expected at least one persona (optimizer, architecture, reward)"),
        ])
    }

    @Test func approvalUnknownCondition() {
        expectErrors("approval.yaml", replacing: "traffic_above: 0.1", with: "traffic_over: 0.1", [
            error("approval.yaml", 9, 7, "rules[1].when.traffic_over",
                  "unknown key 'traffic_over' (allowed: persona, traffic_above, offline_gain_below, inference_cost_increase_above)"),
        ])
    }

    @Test func approvalDuplicateConditionIsReportedAtTheRepeat() {
        expectErrors("approval.yaml", replacing: "traffic_above: 0.1\n", with: "traffic_above: 0.1\n      traffic_above: 0.2\n", [
            error("approval.yaml", 10, 7, "rules[1].when.traffic_above", "duplicate key 'traffic_above' (first defined at line 9)"),
        ])
    }

    @Test func approvalConditionOutOfRange() {
        expectErrors("approval.yaml", replacing: "traffic_above: 0.1", with: "traffic_above: 10", [
            error("approval.yaml", 9, 22, "rules[1].when.traffic_above", "expected a number between 0 and 1, found '10'"),
        ])
    }

    @Test func approvalDuplicateRuleName() {
        expectErrors("approval.yaml", replacing: "- name: costly", with: "- name: reward-change", [
            error("approval.yaml", 12, 11, "rules[2].name", "duplicate rule name 'reward-change' (first used at line 2)"),
        ])
    }

    @Test func approvalRequireMustBeApproval() {
        expectErrors("approval.yaml", replacing: "0.2}\n    require: approval", with: "0.2}\n    require: review", [
            error("approval.yaml", 14, 14, "rules[2].require", "expected one of approval; found 'review'"),
        ])
    }

    @Test func approvalMissingWhen() {
        expectErrors("approval.yaml", replacing: "    when: {inference_cost_increase_above: 0.2}\n", with: "", [
            error("approval.yaml", 12, 5, "rules[2].when", "missing required key 'when'"),
        ])
    }

    @Test func approvalTabIsASyntaxError() {
        expectErrors("approval.yaml", replacing: "    require: approval\n  - name: costly", with: "\trequire: approval\n  - name: costly", [
            ConfigError(file: "approval.yaml", line: 11, column: 1, key: nil,
                        message: "syntax error: tab character in indentation (YAML indents with spaces only)"),
        ])
    }

    // MARK: guardrails.yaml

    @Test func guardrailsDuplicateMetricAndRange() {
        expectErrors("guardrails.yaml", replacing: "metric: active_users\n    max_relative_drop: 0",
                     with: "metric: satisfaction\n    max_relative_drop: 5", [
            error("guardrails.yaml", 5, 13, "limits[1].metric", "duplicate metric 'satisfaction' (first limited at line 3)"),
            error("guardrails.yaml", 6, 24, "limits[1].max_relative_drop", "expected a number between 0 and 1, found '5'"),
        ])
    }

    @Test func guardrailsDaysMustBeAnInteger() {
        expectErrors("guardrails.yaml", replacing: "min_days_before_abort: 2", with: "min_days_before_abort: 1.5", [
            error("guardrails.yaml", 1, 24, "min_days_before_abort", "expected an integer between 0 and 365, found '1.5'"),
        ])
    }

    // MARK: launch.yaml

    @Test func launchAlphaIsExclusive() {
        expectErrors("launch.yaml", replacing: "alpha: 0.05", with: "alpha: 0.5", [
            error("launch.yaml", 2, 8, "alpha", "expected a number greater than 0 and less than 0.5, found '0.5'"),
        ])
        expectErrors("launch.yaml", replacing: "alpha: 0.05", with: "alpha: 0", [
            error("launch.yaml", 2, 8, "alpha", "expected a number greater than 0 and less than 0.5, found '0'"),
        ])
    }

    @Test func launchSeveralErrorsInOneFile() {
        var files = PolicyFixtures.files("launch.yaml", replacing: "test: sequential", with: "test: bayesian")
        files["launch.yaml"] = files["launch.yaml"]!
            .replacingOccurrences(of: "max_days: 28", with: "max_days: 5")
            .replacingOccurrences(of: "north_star: retained_watch_time_14d", with: "north_star: \"\"")
        #expect(throws: PolicyErrors(errors: [
            error("launch.yaml", 1, 7, "test", "expected one of sequential, welch; found 'bayesian'"),
            error("launch.yaml", 4, 11, "max_days", "expected an integer >= min_days (7), found '5'"),
            error("launch.yaml", 6, 13, "north_star", "expected a non-empty string"),
        ])) {
            try Policy.load(files: files)
        }
    }

    // MARK: dedup.yaml

    @Test func dedupNeedsEveryPersonaInRange() {
        expectErrors("dedup.yaml", replacing: "  reward: 0.01\n", with: "", [
            error("dedup.yaml", 2, 3, "near_duplicate_distance.reward", "missing required key 'reward'"),
        ])
        expectErrors("dedup.yaml", replacing: "architecture: 0.05", with: "architecture: 1.2", [
            error("dedup.yaml", 3, 17, "near_duplicate_distance.architecture", "expected a number between 0 and 1, found '1.2'"),
        ])
        expectErrors("dedup.yaml", replacing: "  reward: 0.01\n", with: "  rewards: 0.01\n", [
            error("dedup.yaml", 4, 3, "near_duplicate_distance.rewards", "unknown key 'rewards' (did you mean 'reward'?)"),
        ])
    }

    // MARK: across files

    @Test func errorsInAllFilesAreReportedTogether() throws {
        var files = PolicyFixtures.files
        files["dedup.yaml"] = PolicyFixtures.dedup.replacingOccurrences(of: "optimizer: 0.02", with: "optimizer: .nan")
        files["budgets.yaml"] = PolicyFixtures.budgets.replacingOccurrences(of: "max_concurrent: 2", with: "max_concurrent: two")
        files["launch.yaml"] = PolicyFixtures.launch.replacingOccurrences(of: "min_effect: 0.002", with: "min_efect: 0.002")
        files["approval.yaml"] = "rules: [\n"
        files["guardrails.yaml"] = nil
        let thrown = try #require(throws: PolicyErrors.self) { try Policy.load(files: files) }
        let expected = [
            error("budgets.yaml", 17, 19, "experiments.max_concurrent", "expected an integer >= 0, found 'two'"),
            ConfigError(file: "approval.yaml", line: 2, column: 1, key: nil,
                        message: "syntax error: did not find expected node content (while parsing a flow node)"),
            ConfigError(file: "guardrails.yaml", line: nil, column: nil, key: nil, message: "missing policy file"),
            error("launch.yaml", 5, 1, "min_efect", "unknown key 'min_efect' (did you mean 'min_effect'?)"),
            error("dedup.yaml", 2, 14, "near_duplicate_distance.optimizer", "expected a finite number, found '.nan'"),
        ]
        #expect(thrown.errors == expected)
        #expect(thrown.description == expected.map(\.description).joined(separator: "\n"))
        #expect(thrown.description.split(separator: "\n").count == 5)
    }
}
