import Foundation
import KaizenAgent
import KaizenCore
import KaizenStore
import Testing

/// `kaizen status` on a store seeded with a known history, so every section can be checked
/// against the value it must show.
@Suite struct StatusCLITests {
    /// What `seeded()` wrote, for the assertions.
    struct Seeded {
        var dir: URL
        var store: Store
        var launched: Candidate
        var live: Candidate
        var third: Candidate
        var reward: Candidate
        var experimentID: String
    }

    /// Prices the local model in the workspace's budgets.yaml (US dollars per 1,000 tokens).
    static func price(_ dir: URL, prompt: String, completion: String) throws {
        let file = dir.appending(path: "Policies/budgets.yaml")
        let old = "      prompt: 0.0\n      completion: 0.0\n"
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(text.contains(old))
        try text.replacingOccurrences(of: old, with: "      prompt: \(prompt)\n      completion: \(completion)\n")
            .write(to: file, atomically: true, encoding: .utf8)
    }

    /// One LLM call of the local model, now.
    static func llmCall(_ store: Store, prompt: Int, completion: Int, at: Date = Date()) throws {
        try store.insertLLMCall(LLMCallRecord(
            endpoint: "http://127.0.0.1:1/v1", model: "gemma-3-270m", kind: "chat", attempt: 1, status: 200, errorClass: nil,
            promptTokens: prompt, completionTokens: completion, latency: .milliseconds(5), startedAt: at))
    }

    /// Production's baseline (val_logloss 0.52, ltv tau 0.25); optimizer candidates at 0.45
    /// (launched, then rolled back by carol), 0.47 (live) and 0.50 (scored), one failed; a
    /// reward candidate (tau 0.30) awaiting approval; six training jobs, all today.
    func seeded() throws -> Seeded {
        let dir = try CLI.tinyWorkspace()
        let store = try Store.open(at: dir.appending(path: ".kaizen/kaizen.sqlite"))
        let production = try JSONValue.parse(String(contentsOf: dir.appending(path: "Policies/production.json"), encoding: .utf8))
        let fingerprint = Fingerprint.ofConfig(production)
        _ = try store.ensureProduction(initial: production, fingerprint: fingerprint)
        func candidate(_ persona: Persona, _ proposer: String, _ delta: JSONValue, _ metrics: [String: Double]?) throws -> Candidate {
            let config = production.merging(patch: delta)
            let c = Candidate(
                persona: persona, state: .queued, proposer: proposer, baseFingerprint: fingerprint, delta: delta, config: config,
                fingerprint: Fingerprint.ofConfig(config), hypothesis: "test")
            try store.insertCandidate(c)
            try store.transition(c.id, to: .training, reason: nil)
            if let metrics {
                try store.finishTraining(c.id, metrics: metrics.map { MetricValue(name: $0.key, value: $0.value, source: .offline) }, to: .scored, reason: nil)
            } else {
                try store.finishTraining(c.id, metrics: [], to: .failed, reason: "the trainer exited with status 3")
            }
            return try store.candidate(c.id)
        }
        _ = try candidate(.optimizer, JournalSnapshot.baselineProposer, .object([:]), ["val_logloss": 0.52, "ltv_kendall_tau": 0.25])
        let launched = try candidate(.optimizer, "evolutionary", ["optimizer": ["learning_rate": 0.003]], ["val_logloss": 0.45])
        let live = try candidate(.optimizer, "random", ["optimizer": ["learning_rate": 0.004]], ["val_logloss": 0.47])
        let third = try candidate(.optimizer, "llm", ["optimizer": ["learning_rate": 0.006]], ["val_logloss": 0.50])
        _ = try candidate(.optimizer, "llm", ["optimizer": ["learning_rate": 0.007]], nil)
        let reward = try candidate(.reward, "llm", ["reward": ["satisfaction": 1.0]], ["ltv_kendall_tau": 0.30])

        // A launch, then carol's rollback: three history entries.
        try store.transition(launched.id, to: .selected, reason: nil)
        let launch = ExperimentRecord(
            candidateID: launched.id, environment: "world", productionID: 1, control: production, treatment: launched.config!,
            trafficFraction: 0.05, seed: 1, test: "sequential", northStar: "retained_watch_time_14d")
        try store.createExperiment(launch)
        try store.markExperimentRunning(launch.id, handle: launch.id)
        try store.finishExperiment(launch.id, status: .launched, decision: ["outcome": "launched"], metrics: [], reason: "won", launch: (launched.config!, launched.fingerprint!))
        try store.rollbackProduction(to: nil, actor: "carol", reason: "north star fell")

        try store.transition(live.id, to: .selected, reason: nil)
        let running = ExperimentRecord(
            candidateID: live.id, environment: "world", productionID: 3, control: production, treatment: live.config!,
            trafficFraction: 0.05, seed: 2, test: "sequential", northStar: "retained_watch_time_14d")
        try store.createExperiment(running)
        try store.markExperimentRunning(running.id, handle: running.id)

        try store.transition(reward.id, to: .selected, reason: nil)
        try store.requestApproval(reward.id, rules: ["reward-change"], facts: .object([:]))
        return Seeded(dir: dir, store: store, launched: launched, live: live, third: third, reward: reward, experimentID: running.id)
    }

    @Test func statusShowsHistoryBestCandidatesBudgetsAndTheLatestRun() throws {
        let s = try seeded()
        try Self.price(s.dir, prompt: "0.5", completion: "1.5")
        let now = Date()
        let finished = try s.store.startRun(command: "run", at: now.addingTimeInterval(-120))
        try s.store.finishRun(finished.id, status: .finished, summary: ["cycles": 1, "proposed": 6, "stopped_because": "cycles done"], at: now.addingTimeInterval(-60))
        let running = try s.store.startRun(command: "run", at: now.addingTimeInterval(-30))
        // 1,000 prompt + 2,000 completion tokens at $0.50 and $1.50 per 1k: $3.50.
        try Self.llmCall(s.store, prompt: 1000, completion: 2000, at: now)

        let json = try CLI.run(["status", "--json", "--workspace", s.dir.path])
        #expect(json.status == 0, "\(json.stderr)")
        let status = try JSONValue.parse(json.stdout)
        let history = try #require(status["production_history"]?.arrayValue)
        #expect(history.compactMap { $0["action"]?.stringValue } == ["initial", "launch", "rollback"])
        #expect(history[1]["candidate"]?.stringValue == s.launched.id)
        #expect(history[2]["actor"]?.stringValue == "carol" && history[2]["reason"]?.stringValue == "north star fell")
        #expect(status["production"]?["id"]?.intValue == 3)

        let best = try #require(status["best_candidates"])
        let optimizer = try #require(best["optimizer"]?.arrayValue)
        #expect(optimizer.compactMap { $0["id"]?.stringValue } == [s.launched.id, s.live.id, s.third.id])
        #expect(optimizer.compactMap { $0["state"]?.stringValue } == ["launched", "live", "scored"])
        #expect(abs((optimizer[0]["gain"]?.doubleValue ?? 0) - 0.07 / 0.52) < 1e-9)
        #expect(optimizer[0]["metric"]?.stringValue == "val_logloss" && optimizer[0]["value"]?.doubleValue == 0.45)
        #expect(best["architecture"]?.arrayValue?.isEmpty == true)
        let reward = try #require(best["reward"]?.arrayValue?.first)
        #expect(reward["id"]?.stringValue == s.reward.id && abs((reward["gain"]?.doubleValue ?? 0) - 0.2) < 1e-9)

        #expect(status["running_experiments"]?.arrayValue?.first?["id"]?.stringValue == s.experimentID)
        #expect(status["pending_approvals"]?.arrayValue?.first?["candidate"]?.stringValue == s.reward.id)

        let budgets = try #require(status["budgets"])
        #expect(budgets["model"]?.stringValue == "gemma-3-270m")
        #expect(budgets["llm_tokens_today"]?.intValue == 3000 && budgets["llm_tokens_per_day"]?.intValue == 2_000_000)
        #expect(abs((budgets["usd_today"]?.doubleValue ?? 0) - 3.5) < 1e-9 && budgets["usd_per_day"]?.doubleValue == 10)
        #expect(budgets["training_jobs_today"]?.intValue == 6 && budgets["training_jobs_per_day"]?.intValue == 200)
        #expect(budgets["llm_tokens_this_run"]?.intValue == 3000 && budgets["usd_per_run"]?.doubleValue == 2.5)

        let run = try #require(status["latest_run"])
        #expect(run["id"]?.stringValue == running.id && run["status"]?.stringValue == "running")
        #expect(status["calibration"]?["experiments"]?.intValue == 0)

        let text = try CLI.run(["status", "--workspace", s.dir.path])
        #expect(text.status == 0, "\(text.stderr)")
        let out = text.stdout
        #expect(out.contains("production: config 3 (rollback)"), "\(out)")
        #expect(out.contains("  history (last 3 of 3):"))
        #expect(out.contains("  launch  candidate \(s.launched.id)  by kaizen"))
        #expect(out.contains("  rollback  by carol: north star fell"))
        #expect(out.contains("    \(s.launched.id)  val_logloss 0.4500  +13.46%  launched  by evolutionary"))
        #expect(out.contains("    \(s.reward.id)  ltv_kendall_tau 0.3000  +20.00%  awaiting-approval  by llm"))
        #expect(out.contains("  architecture: none scored yet"))
        #expect(out.contains("experiments running: 1"))
        #expect(out.contains("awaiting approval: 1\n  \(s.reward.id)  rules: reward-change"))
        #expect(out.contains("budgets today (UTC): LLM tokens 3000 of 2000000; spent $3.5000 of $10.00 (model gemma-3-270m); training jobs 6 of 200"))
        #expect(out.contains("  this run: LLM tokens 3000 of 500000; spent $3.5000 of $2.50"))
        #expect(out.contains("latest run: \(running.id)  run  running  started "))

        // Once the run has finished: its summary, and no per-run spend.
        try s.store.finishRun(running.id, status: .interrupted, summary: ["cycles": 2, "stopped_because": "SIGINT received", "checkpoint": ["days": 3]])
        let after = try CLI.run(["status", "--workspace", s.dir.path]).stdout
        #expect(after.contains("latest run: \(running.id)  run  interrupted  started "))
        #expect(after.contains("  cycles 2, stopped because SIGINT received\n"))  // the nested checkpoint is left to --json
        #expect(!after.contains("this run:"))
    }

    @Test func aBrokenPolicyOrAnUnpricedModelLeavesTheRestOfTheStatus() throws {
        let dir = try CLI.tinyWorkspace()
        let store = try Store.open(at: dir.appending(path: ".kaizen/kaizen.sqlite"))
        try Self.llmCall(store, prompt: 10, completion: 5)
        let file = dir.appending(path: "Policies/budgets.yaml")
        let text = try String(contentsOf: file, encoding: .utf8)
        try text.replacingOccurrences(of: "- model: gemma-3-270m", with: "- model: some-other-model").write(to: file, atomically: true, encoding: .utf8)
        let unpriced = try CLI.run(["status", "--workspace", dir.path])
        #expect(unpriced.status == 0, "\(unpriced.stderr)")
        #expect(unpriced.stdout.contains("LLM tokens 15 of 2000000; spent unknown (model gemma-3-270m has no price in budgets.yaml)"), "\(unpriced.stdout)")
        #expect(try JSONValue.parse(CLI.run(["status", "--json", "--workspace", dir.path]).stdout)["budgets"]?["usd_today"] == .null)

        try text.replacingOccurrences(of: "usd_per_day: 10.0", with: "usd_per_day: lots").write(to: file, atomically: true, encoding: .utf8)
        let broken = try CLI.run(["status", "--workspace", dir.path])
        #expect(broken.status == 0, "\(broken.stderr)")
        #expect(broken.stdout.contains("budgets: unknown: "))
        #expect(broken.stdout.contains("usd_per_day"), "\(broken.stdout)")
        #expect(broken.stdout.contains("production: the initial config"))
        #expect(broken.stdout.contains("latest run: none recorded yet"))
    }
}
