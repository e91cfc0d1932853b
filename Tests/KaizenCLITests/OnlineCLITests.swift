import Foundation
import KaizenAgent
import KaizenCore
import KaizenStore
import Testing

/// `kaizen online step`, `experiments`, `production` and `status` on a real workspace, store
/// and simulated world.
@Suite(.serialized) struct OnlineCLITests {
    /// A tiny workspace whose journal holds production's baseline and one better candidate.
    func seededWorkspace(_ replacements: [(String, String)] = []) throws -> (URL, Candidate) {
        let dir = try Self.workspace(replacements)
        let store = try Store.open(at: dir.appending(path: ".kaizen/kaizen.sqlite"))
        let production = try JSONValue.parse(String(contentsOf: dir.appending(path: "Policies/production.json"), encoding: .utf8))
        let fingerprint = Fingerprint.ofConfig(production)
        func scored(_ candidate: Candidate, _ metrics: [String: Double]) throws {
            try store.insertCandidate(candidate)
            try store.transition(candidate.id, to: .training, reason: nil)
            try store.finishTraining(candidate.id, metrics: metrics.map { MetricValue(name: $0.key, value: $0.value, source: .offline) }, to: .scored, reason: nil)
        }
        try scored(Candidate(
            persona: .optimizer, state: .queued, proposer: JournalSnapshot.baselineProposer, baseFingerprint: fingerprint, delta: .object([:]),
            config: production, fingerprint: fingerprint), ["val_logloss": 0.52, "inference_flops": 1000])
        let delta: JSONValue = ["optimizer": ["name": "adam", "learning_rate": 0.003]]
        let config = production.merging(patch: delta)
        let candidate = Candidate(
            persona: .optimizer, state: .queued, proposer: "evolutionary", baseFingerprint: fingerprint, delta: delta, config: config,
            fingerprint: Fingerprint.ofConfig(config), hypothesis: "adam trains the towers faster")
        try scored(candidate, ["val_logloss": 0.47, "inference_flops": 1000])
        return (dir, candidate)
    }

    @Test(.timeLimit(.minutes(15))) func stepsRunAWelchExperimentToADecisionThatSciPyConfirms() async throws {
        let (dir, candidate) = try seededWorkspace([("  days_per_step: 1", "  days_per_step: 7"), ("  traffic_fraction: 0.05", "  traffic_fraction: 0.1")])
        let step = try CLI.run(["online", "step", "--steps", "3", "--test", "welch", "--json", "--workspace", dir.path])
        #expect(step.status == 0, "\(step.stderr)")
        let reports = try #require(try JSONValue.parse(step.stdout).arrayValue)
        let events = reports.flatMap { $0["events"]?.arrayValue ?? [] }
        #expect(events.contains { $0["kind"]?.stringValue == "started" && $0["message"]?.stringValue?.contains(candidate.id) == true })
        let decided = try #require(events.first { $0["kind"]?.stringValue == "decided" })
        let id = try #require(decided["subject"]?.stringValue)

        let list = try CLI.run(["experiments", "list", "--json", "--workspace", dir.path])
        #expect(list.status == 0)
        #expect(try JSONValue.parse(list.stdout).arrayValue?.first?["id"]?.stringValue == id)

        let show = try CLI.run(["experiments", "show", id, "--json", "--workspace", dir.path])
        #expect(show.status == 0, "\(show.stderr)")
        let json = try JSONValue.parse(show.stdout)
        let decision = try #require(json["decision"])
        #expect(decision["test"]?.stringValue == "welch")
        #expect(decision["days"]?.intValue == 14)
        #expect(["launched", "not-launched"].contains(decision["outcome"]?.stringValue ?? ""))
        let control = try #require(json["control"]?.arrayValue).compactMap(\.doubleValue)
        let treatment = try #require(json["treatment"]?.arrayValue).compactMap(\.doubleValue)
        #expect(control.count == decision["control_n"]?.intValue && control.count > 10)
        #expect(treatment.count == decision["treatment_n"]?.intValue && treatment.count > 10)
        let daily = try #require(json["daily"]?.arrayValue)
        #expect(daily.contains { $0["metric"]?.stringValue == "ctr" && $0["day"]?.intValue == 13 && $0["cumulative_relative"] != nil })

        // Anyone can recompute the test from the export: SciPy agrees.
        if let python = ProcessInfo.processInfo.environment["KAIZEN_SCIPY_PYTHON"] {
            let scipy = try Self.scipyWelch(python: python, control: control, treatment: treatment)
            let p = try #require(decision["p_value"]?.doubleValue)
            #expect(abs(p - scipy.p) <= 1e-9, "kaizen p \(p), scipy p \(scipy.p)")
            let estimate = try #require(decision["estimate"]?.doubleValue)
            #expect(abs(estimate - scipy.difference) <= 1e-9 * max(1, abs(estimate)))
        } else {
            #expect(ProcessInfo.processInfo.environment["KAIZEN_REQUIRE_SCIPY"] != "1", "KAIZEN_SCIPY_PYTHON is not set (scripts/scipy-env.sh)")
        }

        let text = try CLI.run(["experiments", "show", id, "--workspace", dir.path])
        #expect(text.stdout.contains("vs control"))
        #expect(text.stdout.contains("decision: "))

        // The report: one self-contained page with the decided experiment in it.
        let out = dir.appending(path: "report-out")
        let report = try CLI.run(["report", "--out", out.path, "--workspace", dir.path])
        #expect(report.status == 0, "\(report.stderr)")
        let html = try String(contentsOf: out.appending(path: "report.html"), encoding: .utf8)
        #expect(html.components(separatedBy: "<svg").count - 1 == 5)  // spend in tokens and in dollars
        #expect(html.contains("1 decided, 0 running"))
        #expect(html.contains("production during \(id)"))
        #expect(html.contains(candidate.id))  // its calibration point
        #expect(!html.contains("<script"))

        let status = try CLI.run(["status", "--workspace", dir.path])
        #expect(status.status == 0)
        #expect(status.stdout.contains("experiments running: 0"))
        #expect(status.stdout.contains("calibration: Kendall tau"))
    }

    @Test func productionShowHistoryAndRollback() throws {
        let (dir, _) = try seededWorkspace()
        let show = try CLI.run(["production", "show", "--json", "--workspace", dir.path])
        #expect(show.status == 0)
        let production = try JSONValue.parse(String(contentsOf: dir.appending(path: "Policies/production.json"), encoding: .utf8))
        #expect(try JSONValue.parse(show.stdout) == production)

        let nothing = try CLI.run(["production", "rollback", "--workspace", dir.path])
        #expect(nothing.status == 1)
        #expect(nothing.stderr.contains("no earlier production config"))

        // A launch recorded by the store, then rolled back from the CLI.
        let store = try Store.open(at: dir.appending(path: ".kaizen/kaizen.sqlite"))
        let candidate = try #require(try store.candidates(states: [.scored]).first { $0.proposer != JournalSnapshot.baselineProposer })
        try store.transition(candidate.id, to: .selected, reason: nil)
        let record = ExperimentRecord(
            candidateID: candidate.id, environment: "world", productionID: 1, control: production, treatment: candidate.config!,
            trafficFraction: 0.05, seed: 1, test: "sequential", northStar: "retained_watch_time_14d")
        try store.createExperiment(record)
        try store.markExperimentRunning(record.id, handle: record.id)
        try store.finishExperiment(record.id, status: .launched, decision: ["outcome": "launched"], metrics: [], reason: "won", launch: (candidate.config!, candidate.fingerprint!))
        #expect(try JSONValue.parse(CLI.run(["production", "show", "--json", "--workspace", dir.path]).stdout) == candidate.config)

        let rollback = try CLI.run(["production", "rollback", "--reason", "north star fell", "--actor", "carol", "--workspace", dir.path])
        #expect(rollback.status == 0, "\(rollback.stderr)")
        #expect(try JSONValue.parse(CLI.run(["production", "show", "--json", "--workspace", dir.path]).stdout) == production)
        let history = try CLI.run(["production", "history", "--json", "--workspace", dir.path])
        let actions = try JSONValue.parse(history.stdout).arrayValue?.compactMap { $0["action"]?.stringValue }
        #expect(actions == ["initial", "launch", "rollback"])
        #expect(try store.auditLog().last?.actor == "carol")

        let unknown = try CLI.run(["production", "rollback", "--to", "42", "--workspace", dir.path])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("no production config with id 42"))
    }

    @Test func aFailingPlatformCommandIsReportedAndTheStepExitsWithOne() throws {
        let (dir, candidate) = try seededWorkspace([
            ("  environment: world", "  environment: command"),
            ("    start: []", #"    start: ["sh", "-c", "echo platform unavailable >&2; exit 3"]"#),
            ("    poll: []", #"    poll: ["sh", "-c", "exit 3"]"#),
            ("    stop: []", #"    stop: ["sh", "-c", "exit 0"]"#),
        ])
        let step = try CLI.run(["online", "step", "--workspace", dir.path])
        #expect(step.status == 1)
        #expect(step.stdout.contains("platform unavailable"))
        let store = try Store.open(at: dir.appending(path: ".kaizen/kaizen.sqlite"))
        let experiment = try #require(try store.experiments().first)
        #expect(experiment.status == .starting)
        #expect(try store.candidate(candidate.id).state == .selected)
        #expect(experiment.lastError?.contains("exit") == true || experiment.lastError?.contains("3") == true)
    }

    @Test func aRewardCandidateWaitsForReviewAndStartsOnceApproved() throws {
        let dir = try Self.workspace([])
        let store = try Store.open(at: dir.appending(path: ".kaizen/kaizen.sqlite"))
        let production = try JSONValue.parse(String(contentsOf: dir.appending(path: "Policies/production.json"), encoding: .utf8))
        let fingerprint = Fingerprint.ofConfig(production)
        let delta: JSONValue = ["reward": ["satisfaction": 1.0]]
        let config = production.merging(patch: delta)
        let candidate = Candidate(
            persona: .reward, state: .queued, proposer: "evolutionary", baseFingerprint: fingerprint, delta: delta, config: config,
            fingerprint: Fingerprint.ofConfig(config), hypothesis: "reward satisfied watching")
        try store.insertCandidate(candidate)
        try store.transition(candidate.id, to: .training, reason: nil)
        try store.finishTraining(candidate.id, metrics: [MetricValue(name: "ltv_kendall_tau", value: 0.3, source: .offline)], to: .scored, reason: nil)

        #expect(try CLI.run(["online", "step", "--workspace", dir.path]).stdout.contains("reward-change"))
        let list = try CLI.run(["review", "list", "--json", "--workspace", dir.path])
        let pending = try JSONValue.parse(list.stdout).arrayValue ?? []
        #expect(pending.first?["candidate"]?.stringValue == candidate.id)
        #expect(pending.first?["rules"]?.arrayValue?.contains("reward-change") == true)
        #expect(try CLI.run(["online", "step", "--workspace", dir.path]).status == 0)
        #expect(try store.experiments().isEmpty)

        let show = try CLI.run(["review", "show", candidate.id, "--workspace", dir.path])
        #expect(show.status == 0, "\(show.stderr)")
        #expect(show.stdout.contains("+ reward.satisfaction: 1"))
        #expect(show.stdout.contains("Held for review by: reward-change"))
        let approve = try CLI.run(["review", "approve", candidate.id, "--note", "fine", "--by", "dana", "--workspace", dir.path])
        #expect(approve.status == 0, "\(approve.stderr)")
        let again = try CLI.run(["review", "approve", candidate.id, "--by", "dana", "--workspace", dir.path])
        #expect(again.status == 1)
        #expect(again.stderr.contains("is not awaiting approval (it is approved; approved by dana"))
        let nameless = try CLI.run(["review", "reject", candidate.id, "--by", "da na", "--reason", "x", "--workspace", dir.path])
        #expect(nameless.status == 2)
        let step = try CLI.run(["online", "step", "--workspace", dir.path])
        #expect(step.status == 0, "\(step.stderr)")
        #expect(try store.candidate(candidate.id).state == .live)
        #expect(try store.approvals(candidate: candidate.id).first?.actor == "dana")
    }

    @Test func malformedOnlineSettingsNameTheFileLineAndKey() throws {
        let dir = try Self.workspace([("  traffic_fraction: 0.05", "  traffic_fraction: 0.9")])
        let step = try CLI.run(["online", "step", "--workspace", dir.path])
        #expect(step.status == 2)
        #expect(step.stderr.contains("kaizen.yaml"))
        #expect(step.stderr.contains("traffic_fraction"))
        let command = try Self.workspace([("  environment: world", "  environment: command")])
        let missing = try CLI.run(["online", "step", "--workspace", command.path])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("online.command.start is empty"))
        let good = try Self.workspace([])
        let unknown = try CLI.run(["experiments", "show", "exp_nope", "--workspace", good.path])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("no experiment with id exp_nope"))
        // A malformed policy stops the step before anything is read half.
        let guardrails = good.appending(path: "Policies/guardrails.yaml")
        let text = try String(contentsOf: guardrails, encoding: .utf8).replacingOccurrences(of: "max_relative_drop: 0.005", with: "max_relative_drop: lots")
        try text.write(to: guardrails, atomically: true, encoding: .utf8)
        let policy = try CLI.run(["online", "step", "--workspace", good.path])
        #expect(policy.status == 2)
        #expect(policy.stderr.contains("guardrails.yaml:"))
        #expect(policy.stderr.contains("max_relative_drop"))
        #expect(try Store.open(at: good.appending(path: ".kaizen/kaizen.sqlite")).currentProduction() == nil)
    }

    /// A tiny workspace with lines of its kaizen.yaml replaced (each must occur).
    static func workspace(_ replacements: [(String, String)]) throws -> URL {
        let dir = try CLI.tinyWorkspace()
        let file = dir.appending(path: "kaizen.yaml")
        var text = try String(contentsOf: file, encoding: .utf8)
        for (old, new) in replacements {
            guard let range = text.range(of: old + "\n") else { throw CocoaError(.fileReadCorruptFile, userInfo: [NSLocalizedDescriptionKey: "no line '\(old)'"]) }
            text.replaceSubrange(range, with: new + "\n")
        }
        try text.write(to: file, atomically: true, encoding: .utf8)
        return dir
    }

    static func scipyWelch(python: String, control: [Double], treatment: [Double]) throws -> (p: Double, difference: Double) {
        let input = FileManager.default.temporaryDirectory.appending(path: "welch-\(UUID().uuidString).json")
        try JSONValue.object(["control": .array(control.map(JSONValue.number)), "treatment": .array(treatment.map(JSONValue.number))])
            .canonicalText.write(to: input, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", """
            import json, sys
            import numpy as np
            from scipy import stats
            d = json.load(open(sys.argv[1]))
            r = stats.ttest_ind(d["treatment"], d["control"], equal_var=False)
            print(json.dumps({"p": float(r.pvalue), "difference": float(np.mean(d["treatment"]) - np.mean(d["control"]))}))
            """, input.path]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let json = try JSONValue.parse(String(decoding: data, as: UTF8.self))
        return (json["p"]?.doubleValue ?? .nan, json["difference"]?.doubleValue ?? .nan)
    }
}
