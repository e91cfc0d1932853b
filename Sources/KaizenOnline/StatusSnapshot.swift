import Foundation
import KaizenAgent
import KaizenCore
import KaizenPolicy
import KaizenStore

/// Where the loop stands, read from the store alone, so that `kaizen status` works from
/// another shell at any time, also while `kaizen run` is writing (the store reads a
/// consistent WAL snapshot per query).
public struct StatusSnapshot: Sendable {
    /// One of a persona's best scored candidates, ranked as the journal ranks them.
    public struct Best: Sendable {
        public var candidate: Candidate
        /// The persona's objective metric and its value (not turned: as measured).
        public var metric: String
        public var value: Double
        /// Relative gain over production's baseline, as `CandidateSelector` computes it; NaN
        /// while production's baseline is not scored.
        public var gain: Double
    }

    /// Production now; nil before the first online step seeded the history.
    public var production: ProductionRecord?
    /// The newest production history entries, oldest first.
    public var recentHistory: [ProductionRecord]
    public var historyCount: Int
    public var counts: [LifecycleState: Int]
    /// Per persona, in `Persona.allCases` order.
    public var best: [(persona: Persona, entries: [Best])]
    public var runningExperiments: [ExperimentRecord]
    public var pendingApprovals: [ApprovalRecord]
    /// nil when the policy could not be read; `budgetProblem` says why.
    public var budgets: BudgetUsage?
    public var budgetProblem: String?
    public var calibration: ProxyCalibration
    /// The newest entry of the runs table.
    public var latestRun: RunRecord?

    /// - Parameters:
    ///   - budgets: the policy's budgets, or the error that kept them from loading.
    ///   - model: the model the workspace calls, whose price counts the money.
    ///   - initialProduction: `Policies/production.json`, production before the first seed.
    public static func load(
        store: Store, budgets: Result<Policy.Budgets, any Error>, model: String, initialProduction: JSONValue,
        historyLimit: Int = 5, bestPerPersona: Int = 3, now: @escaping @Sendable () -> Date = { Date() }
    ) throws(StoreError) -> StatusSnapshot {
        let production = try store.currentProduction()
        let history = try store.productionHistory()
        let fingerprint = production?.fingerprint ?? Fingerprint.ofConfig(initialProduction)
        var best: [(persona: Persona, entries: [Best])] = []
        for persona in Persona.allCases {
            let journal = try JournalSnapshot.load(store: store, persona: persona, productionFingerprint: fingerprint)
            let top = journal.ranked.prefix(bestPerPersona).compactMap { entry -> Best? in
                // A generated model is judged by its task's metric, which production's baseline
                // was never measured on: it has no gain over production.
                let objective = PersonaObjective.of(entry.candidate)
                guard let score = entry.score, let value = entry.metrics[objective.metric] else { return nil }
                let gain = objective == PersonaObjective.of(persona) ? CandidateSelector.gain(score: score, persona: persona, baseline: journal.baseline) : .nan
                return Best(candidate: entry.candidate, metric: objective.metric, value: value, gain: gain)
            }
            best.append((persona, top))
        }
        let runs = try store.runs(limit: 1)
        var usage: BudgetUsage?
        var problem: String?
        switch budgets {
        case .success(let budgets):
            let runStart = runs.first.flatMap { $0.status == .running ? $0.startedAt : nil }
            usage = try BudgetUsage.load(budgets: budgets, store: store, model: model, runStart: runStart, now: now)
        case .failure(let error):
            problem = "\(error)"
        }
        return StatusSnapshot(
            production: production, recentHistory: Array(history.suffix(historyLimit)), historyCount: history.count,
            counts: try store.candidateCounts(), best: best,
            runningExperiments: try store.experiments(statuses: [.starting, .running]),
            pendingApprovals: try store.approvals().filter { $0.decision == nil },
            budgets: usage, budgetProblem: problem, calibration: try ProxyCalibration.load(store: store), latestRun: runs.first)
    }

    /// The `--json` form. Non-finite numbers are null.
    public var json: JSONValue {
        func number(_ x: Double?) -> JSONValue { x.flatMap { $0.isFinite ? JSONValue.number($0) : nil } ?? .null }
        func string(_ s: String?) -> JSONValue { s.map(JSONValue.string) ?? .null }
        func date(_ d: Date?) -> JSONValue { d.map { .string($0.formatted(.iso8601)) } ?? .null }
        var budgetsJSON: JSONValue = .null
        if let b = budgets {
            var object: [String: JSONValue] = [
                "model": .string(b.pricing.model),
                "llm_tokens_today": number(Double(b.tokensToday)), "llm_tokens_per_day": number(Double(b.budgets.llmTokensPerDay)),
                "usd_today": number(b.usdToday), "usd_per_day": number(b.budgets.usdPerDay),
                "training_jobs_today": number(Double(b.trainingJobsToday)), "training_jobs_per_day": number(Double(b.budgets.trainingJobsPerDay)),
                "llm_calls_today": number(Double(b.today.calls)), "failed_llm_calls_today": number(Double(b.today.failedCalls)),
            ]
            if b.run != nil {
                object["llm_tokens_this_run"] = number(b.tokensThisRun.map(Double.init))
                object["llm_tokens_per_run"] = number(Double(b.budgets.llmTokensPerRun))
                object["usd_this_run"] = number(b.usdThisRun)
                object["usd_per_run"] = number(b.budgets.usdPerRun)
            }
            budgetsJSON = .object(object)
        } else if let budgetProblem {
            budgetsJSON = ["error": .string(budgetProblem)]
        }
        return .object([
            "production": production.map { .object(["id": .number(Double($0.id)), "action": .string($0.action.rawValue), "fingerprint": .string($0.fingerprint)]) } ?? .null,
            "production_history": .array(recentHistory.map { r in
                .object([
                    "id": .number(Double(r.id)), "action": .string(r.action.rawValue), "candidate": string(r.candidateID),
                    "experiment": string(r.experimentID), "at": date(r.at), "actor": .string(r.actor), "reason": string(r.reason),
                ])
            }),
            "production_history_count": .number(Double(historyCount)),
            "candidates": .object(Dictionary(uniqueKeysWithValues: counts.map { ($0.key.rawValue, JSONValue.number(Double($0.value))) })),
            "best_candidates": .object(Dictionary(uniqueKeysWithValues: best.map { group in
                (group.persona.rawValue, JSONValue.array(group.entries.map { b in
                    .object([
                        "id": .string(b.candidate.id), "state": .string(b.candidate.state.rawValue), "proposer": .string(b.candidate.proposer),
                        "metric": .string(b.metric), "value": number(b.value), "gain": number(b.gain),
                    ])
                }))
            })),
            "running_experiments": .array(runningExperiments.map { .object(["id": .string($0.id), "candidate": .string($0.candidateID), "days": .number(Double($0.lastDay + 1)), "status": .string($0.status.rawValue)]) }),
            "pending_approvals": .array(pendingApprovals.map { .object(["candidate": .string($0.candidateID), "rules": .array($0.rules.map(JSONValue.string))]) }),
            "budgets": budgetsJSON,
            "calibration": .object([
                "experiments": .number(Double(calibration.pairs.count)),
                "kendall_tau": calibration.kendallTau.map(JSONValue.number) ?? .null,
                "won_offline_lost_online": .array(calibration.wonOfflineLostOnline.map { .string($0.candidateID) }),
            ]),
            "latest_run": latestRun.map { r in
                .object([
                    "id": .string(r.id), "command": .string(r.command), "status": .string(r.status.rawValue),
                    "started_at": date(r.startedAt), "ended_at": date(r.endedAt), "summary": r.summary ?? .null,
                ])
            } ?? .null,
        ])
    }
}
