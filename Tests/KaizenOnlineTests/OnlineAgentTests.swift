import Foundation
import KaizenAgent
import KaizenCore
import KaizenOnline
import KaizenPolicy
import KaizenStore
import Testing

/// The online agent against an in-memory platform: selection, approvals, budgets,
/// decisions, launch and restart.
@Suite struct OnlineAgentTests {
    let production: JSONValue
    let policy: Policy
    let baselineMetrics: [String: Double] = ["val_logloss": 0.50, "ltv_kendall_tau": 0.20, "inference_flops": 1000]

    init() throws {
        production = try repositoryProduction()
        policy = try repositoryPolicy()
    }

    func agent(_ store: Store, _ environment: ScriptedEnvironment, policy: Policy? = nil, settings: OnlineSettings = OnlineSettings()) -> OnlineAgent {
        OnlineAgent(store: store, environment: environment, policy: policy ?? self.policy, settings: settings, initialProduction: production, logger: quietLogger)
    }

    @discardableResult
    func optimizerCandidate(_ store: Store, learningRate: Double, loss: Double, flops: Double = 1000) throws -> Candidate {
        try scoredCandidate(
            store, persona: .optimizer, delta: ["optimizer": ["learning_rate": .number(learningRate)]], production: production,
            metrics: ["val_logloss": loss, "inference_flops": flops])
    }

    @Test func selectsTheTopCandidatePerPersonaAndOnlyThoseBetterThanProduction() async throws {
        let store = try Store.inMemory()
        try scoredBaseline(store, production: production, metrics: baselineMetrics)
        let best = try optimizerCandidate(store, learningRate: 0.1, loss: 0.45)
        let second = try optimizerCandidate(store, learningRate: 0.2, loss: 0.47)
        let worse = try optimizerCandidate(store, learningRate: 0.01, loss: 0.55)
        let arch = try scoredCandidate(
            store, persona: .architecture, delta: ["architecture": ["embedding_dim": 32]], production: production,
            metrics: ["val_logloss": 0.48, "inference_flops": 1100])
        var settings = OnlineSettings()
        settings.topK = 3
        let report = try await agent(store, ScriptedEnvironment(), settings: settings).step()

        // One per persona (top_k_per_persona 1): the best optimizer and the architecture.
        #expect(try store.candidate(best.id).state == .live)
        #expect(try store.candidate(arch.id).state == .live)
        #expect(try store.candidate(second.id).state == .scored)
        #expect(try store.candidate(worse.id).state == .scored)
        #expect(report.events(.started).count == 2)
        #expect(try store.experiments(statuses: [.running]).count == 2)
    }

    @Test(arguments: [
        ("reward-change", Persona.reward, 0.05, 0.05, 1000.0),
        ("large-traffic", Persona.optimizer, 0.15, 0.05, 1000.0),
        ("small-offline-gain", Persona.optimizer, 0.05, 0.001, 1000.0),
        ("inference-cost-increase", Persona.optimizer, 0.05, 0.05, 1300.0),
    ])
    func eachApprovalRuleHoldsItsCandidateUntilAPersonApproves(rule: String, persona: Persona, traffic: Double, gain: Double, flops: Double) async throws {
        let store = try Store.inMemory()
        try scoredBaseline(store, production: production, metrics: baselineMetrics)
        let candidate: Candidate
        if persona == .reward {
            candidate = try scoredCandidate(
                store, persona: .reward, delta: ["reward": ["satisfaction": 1.0]], production: production,
                metrics: ["ltv_kendall_tau": 0.20 * (1 + gain), "inference_flops": flops])
        } else {
            candidate = try optimizerCandidate(store, learningRate: 0.1, loss: 0.50 * (1 - gain), flops: flops)
        }
        var settings = OnlineSettings()
        settings.trafficFraction = traffic
        var p = policy
        p.budgets.maxExperimentTrafficFraction = 0.5
        let environment = ScriptedEnvironment()
        let online = agent(store, environment, policy: p, settings: settings)

        let first = try await online.step()
        #expect(try store.candidate(candidate.id).state == .awaitingApproval)
        let request = try #require(try store.approvals(candidate: candidate.id).first)
        #expect(request.rules == [rule])
        #expect(first.events(.awaitingApproval).first?.message.contains(rule) == true)
        // Steps go by; nothing starts without a person.
        for _ in 0..<3 { _ = try await online.step() }
        #expect(environment.calls.withLock { $0.starts.isEmpty })
        #expect(try store.experiments().isEmpty)

        try store.decideApproval(candidate.id, approve: true, actor: "alice", note: "looks fine")
        _ = try await online.step()
        #expect(try store.candidate(candidate.id).state == .live)
        #expect(environment.calls.withLock { $0.starts.count } == 1)
        let audit = try store.auditLog(subject: candidate.id).map(\.action)
        #expect(audit.contains("approval.request"))
        #expect(audit.contains("candidate.approved"))
        #expect(try store.doctor().filter { $0.severity == .error }.isEmpty)
    }

    @Test func aRejectedCandidateNeverStartsAndTheStoreRefusesItToo() async throws {
        let store = try Store.inMemory()
        try scoredBaseline(store, production: production, metrics: baselineMetrics)
        let candidate = try scoredCandidate(
            store, persona: .reward, delta: ["reward": ["satisfaction": 1.0]], production: production, metrics: ["ltv_kendall_tau": 0.3])
        let environment = ScriptedEnvironment()
        let online = agent(store, environment)
        _ = try await online.step()
        #expect(try store.candidate(candidate.id).state == .awaitingApproval)
        // Even a caller that skips the agent cannot start it while awaiting approval.
        let record = ExperimentRecord(
            candidateID: candidate.id, environment: "scripted", productionID: 1, control: production, treatment: candidate.config!,
            trafficFraction: 0.05, seed: 1, test: "sequential", northStar: policy.launch.northStar)
        #expect(throws: StoreError.self) { try store.createExperiment(record) }

        try store.decideApproval(candidate.id, approve: false, actor: "bob", note: "reward changes need a design review")
        for _ in 0..<2 { _ = try await online.step() }
        #expect(try store.candidate(candidate.id).state == .rejected)
        #expect(environment.calls.withLock { $0.starts.isEmpty })
        #expect(throws: StoreError.self) { try store.createExperiment(record) }
    }

    @Test func budgetsCapConcurrentExperimentsAndTraffic() async throws {
        let store = try Store.inMemory()
        try scoredBaseline(store, production: production, metrics: baselineMetrics)
        var p = withoutApprovalRules(policy)
        p.budgets.maxConcurrentExperiments = 3
        p.budgets.maxExperimentTrafficFraction = 0.1
        var settings = OnlineSettings()
        settings.topK = 5
        settings.topKPerPersona = 5
        for i in 0..<4 { try optimizerCandidate(store, learningRate: 0.1 + Double(i) / 100, loss: 0.45 - Double(i) / 100) }
        let report = try await agent(store, ScriptedEnvironment(), policy: p, settings: settings).step()
        // Three slots, but 0.05 traffic each within 0.1 total: two start, the third waits.
        #expect(try store.experiments(statuses: [.running]).count == 2)
        #expect(try store.candidates(states: [.selected]).count == 1)
        #expect(report.events(.waiting).first?.message.contains("max_traffic_fraction") == true)
        #expect(try store.candidates(states: [.scored]).count == 2)  // the baseline and the fourth candidate
    }

    @Test func aClearWinnerLaunchesAndBecomesProductionInOneTransaction() async throws {
        let store = try Store.inMemory()
        try scoredBaseline(store, production: production, metrics: baselineMetrics)
        let winner = try optimizerCandidate(store, learningRate: 0.1, loss: 0.45)
        let environment = ScriptedEnvironment(.init(lift: 0.10))
        let online = agent(store, environment, policy: withoutApprovalRules(policy))
        var decided: OnlineStepReport.Event?
        for _ in 0..<40 where decided == nil { decided = try await online.step().events(.decided).first }
        let event = try #require(decided)
        #expect(event.message.hasPrefix("launched"))
        #expect(try store.candidate(winner.id).state == .launched)
        let production = try #require(try store.currentProduction())
        #expect(production.action == .launch)
        #expect(production.candidateID == winner.id)
        #expect(production.config == winner.config)
        let experiment = try #require(try store.experiments().first)
        #expect(experiment.status == .launched)
        #expect(production.experimentID == experiment.id)
        // Decided no earlier than min_days, with the statistics stored.
        let decision = try #require(experiment.decision)
        #expect((decision["days"]?.intValue ?? 0) >= policy.launch.minDays)
        #expect((decision["ci_low"]?.doubleValue ?? -1) > 0)
        #expect((decision["p_value"]?.doubleValue ?? 1) < policy.launch.alpha)
        #expect(decision["e_value"]?.doubleValue != nil)
        #expect(try store.auditLog(subject: String(production.id)).map(\.action) == ["production.launch"])
        #expect(environment.calls.withLock { $0.stops } == [experiment.id])
        // Online results reach the journal, and later candidates are deltas on the new production.
        #expect(try store.finalMetrics(candidates: [winner.id])[winner.id]?["online.north_star_lift"] != nil)
        let snapshot = try JournalSnapshot.load(store: store, persona: nil, productionFingerprint: production.fingerprint)
        #expect(snapshot.baseline == nil)
        #expect(try store.doctor().filter { $0.severity == .error }.isEmpty)
    }

    @Test func aGuardrailBreachAbortsEvenWhenTheNorthStarLooksGood() async throws {
        let store = try Store.inMemory()
        try scoredBaseline(store, production: production, metrics: baselineMetrics)
        let candidate = try optimizerCandidate(store, learningRate: 0.1, loss: 0.45)
        let environment = ScriptedEnvironment(.init(lift: 0.10, satisfactionChange: -0.05))
        let online = agent(store, environment, policy: withoutApprovalRules(policy))
        var decided: OnlineStepReport.Event?
        for _ in 0..<20 where decided == nil { decided = try await online.step().events(.decided).first }
        let event = try #require(decided)
        #expect(event.message.hasPrefix("aborted"))
        #expect(event.message.contains("guardrail satisfaction"))
        #expect(try store.candidate(candidate.id).state == .aborted)
        let experiment = try #require(try store.experiments().first)
        #expect(experiment.decision?["guardrail"]?.stringValue == "satisfaction")
        // Aborted no earlier than the guardrails' min_days_before_abort.
        #expect((experiment.decision?["days"]?.intValue ?? 0) >= policy.guardrails.minDaysBeforeAbort)
        #expect(try store.currentProduction()?.action == .initial)
    }

    @Test func aRestartResumesPollingWhereItStoppedWithoutRepeatingDays() async throws {
        let store = try Store.inMemory()
        try scoredBaseline(store, production: production, metrics: baselineMetrics)
        try optimizerCandidate(store, learningRate: 0.1, loss: 0.45)
        let first = ScriptedEnvironment()
        let before = agent(store, first, policy: withoutApprovalRules(policy))
        for _ in 0..<4 { _ = try await before.step() }
        let experiment = try #require(try store.experiments().first)
        #expect(experiment.lastDay == 2)  // started in step 1, polled in steps 2-4

        // A new process: a new agent and a new platform client over the same store.
        let second = ScriptedEnvironment()
        let after = agent(store, second, policy: withoutApprovalRules(policy))
        _ = try await after.step()
        #expect(second.calls.withLock { $0.starts.isEmpty })
        #expect(second.calls.withLock { $0.polls.map(\.afterDay) } == [2])
        let days = try store.experimentDays(experiment.id).map(\.day)
        #expect(days == [0, 1, 2, 3])
    }

    @Test func aFailingPlatformIsRecordedAndRetriedWithoutLosingTheExperiment() async throws {
        let store = try Store.inMemory()
        try scoredBaseline(store, production: production, metrics: baselineMetrics)
        let candidate = try optimizerCandidate(store, learningRate: 0.1, loss: 0.45)
        let environment = ScriptedEnvironment(.init(failPolls: true))
        let online = agent(store, environment, policy: withoutApprovalRules(policy))
        _ = try await online.step()
        let report = try await online.step()
        #expect(report.events(.error).first?.message.contains("platform down") == true)
        let experiment = try #require(try store.experiments().first)
        #expect(experiment.status == .running)
        #expect(experiment.lastDay == -1)
        #expect(experiment.lastError?.contains("platform down") == true)
        #expect(try store.candidate(candidate.id).state == .live)
    }

    @Test func aStartThatKeepsFailingIsRetriedOnItsOwnRecord() async throws {
        let store = try Store.inMemory()
        try scoredBaseline(store, production: production, metrics: baselineMetrics)
        let candidate = try optimizerCandidate(store, learningRate: 0.1, loss: 0.45)
        let environment = ScriptedEnvironment(.init(failStarts: true))
        let online = agent(store, environment, policy: withoutApprovalRules(policy))
        for _ in 0..<3 { _ = try await online.step() }  // each retry must not create a second record
        let experiments = try store.experiments()
        #expect(experiments.count == 1)
        #expect(experiments.first?.status == .starting)
        #expect(experiments.first?.lastError?.contains("cannot serve") == true)
        #expect(environment.calls.withLock { $0.starts.count } == 3)
        #expect(try store.candidate(candidate.id).state == .selected)
    }

    @Test func theTestOverrideAppliesToExperimentsStartedNow() async throws {
        let store = try Store.inMemory()
        try scoredBaseline(store, production: production, metrics: baselineMetrics)
        try optimizerCandidate(store, learningRate: 0.1, loss: 0.45)
        var settings = OnlineSettings()
        settings.test = .welch
        _ = try await agent(store, ScriptedEnvironment(), policy: withoutApprovalRules(policy), settings: settings).step()
        #expect(try store.experiments().first?.test == "welch")
    }

    @Test func calibrationPairsOfflineGainWithOnlineLift() async throws {
        let store = try Store.inMemory()
        try scoredBaseline(store, production: production, metrics: baselineMetrics)
        let good = try optimizerCandidate(store, learningRate: 0.1, loss: 0.40)
        let bad = try scoredCandidate(
            store, persona: .architecture, delta: ["architecture": ["embedding_dim": 32]], production: production,
            metrics: ["val_logloss": 0.49, "inference_flops": 1000])
        let environment = ScriptedEnvironment(perCandidate: [good.id: .init(lift: 0.10), bad.id: .init(lift: -0.10)])
        let online = agent(store, environment, policy: withoutApprovalRules(policy))
        for _ in 0..<40 where try store.experiments(statuses: [.running, .starting]).count > 0 || (try store.experiments().isEmpty) {
            _ = try await online.step()
        }
        let calibration = try ProxyCalibration.load(store: store)
        #expect(calibration.pairs.count == 2)
        #expect(calibration.kendallTau == 1)
        #expect(calibration.wonOfflineLostOnline.map(\.candidateID) == [bad.id])
        #expect(calibration.text?.contains(bad.id) == true)
    }
}
