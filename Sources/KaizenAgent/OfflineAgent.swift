import Foundation
import KaizenCore
import KaizenLLM
import KaizenPolicy
import KaizenProposers
import KaizenRetriever
import KaizenSearchSpace
import KaizenStore
import Logging

/// The offline agent: turns the journal into new candidates, one persona round at a time.
///
/// A round searches the knowledge base, writes post-reading reasoning, asks the proposer
/// for `count` candidates, validates and de-duplicates each, and journals every one (valid,
/// invalid with its raw text, duplicate, near-duplicate). Valid ones are `queued` and handed
/// to the training pool at once, so training overlaps with the next proposals.
public actor OfflineAgent {
    public let store: Store
    public let space: SearchSpace
    public let policy: Policy
    public let production: JSONValue
    let prompts: PromptLibrary?
    let llm: LLMClient?
    let retriever: (any Retriever)?
    let settings: AgentSettings
    let logger: Logger
    let gate: BudgetGate
    let now: @Sendable () -> Date
    let evolutionary: EvolutionaryProposer
    let random: RandomProposer
    var rng: SeededGenerator
    /// When the experiment cards were last brought up to date; later rounds rebuild only
    /// the cards of candidates changed since.
    var cardsSyncedAt: Date?
    /// The duplicate index as of `loadedAt`, with the ids it holds.
    var cachedIndex: (index: DuplicateIndex, ids: Set<String>, loadedAt: Date)?

    public init(
        store: Store, space: SearchSpace, policy: Policy, production: JSONValue, prompts: PromptLibrary?, llm: LLMClient?,
        retriever: (any Retriever)?, settings: AgentSettings = AgentSettings(), seed: UInt64 = 1,
        logger: Logger = Logger(label: "kaizen.agent"), runStart: Date? = nil, cardsSyncedAt: Date? = nil,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.cardsSyncedAt = cardsSyncedAt
        self.store = store
        self.space = space
        self.policy = policy
        self.production = production
        self.prompts = prompts
        self.llm = llm
        self.retriever = retriever
        self.settings = settings.validated()
        self.logger = logger
        self.gate = BudgetGate(budgets: policy.budgets, store: store, runStart: runStart, now: now)
        self.now = now
        self.evolutionary = EvolutionaryProposer(space: space)
        self.random = RandomProposer(space: space)
        self.rng = SeededGenerator(seed: seed)
    }

    public var productionFingerprint: String { Fingerprint.ofConfig(production) }

    /// One round for `persona`. With `dryRun`, nothing is written to the store and nothing
    /// is trained; the report still says what would have happened to each proposal.
    public func round(persona: Persona, count: Int, dryRun: Bool = false, pool: TrainingPool? = nil) async throws(AgentError) -> RoundReport {
        do {
            if persona == .architecture, let task = settings.code {
                return try await codeRound(task: task, count: count, dryRun: dryRun, pool: pool)
            }
            return try await runRound(persona: persona, count: count, dryRun: dryRun, pool: pool)
        } catch let error as AgentError {
            throw error
        } catch let error as StoreError {
            throw .store(error)
        } catch {
            throw .unexpected("\(error)")
        }
    }

    private func runRound(persona: Persona, count: Int, dryRun: Bool, pool: TrainingPool?) async throws -> RoundReport {
        if settings.proposer.usesLLM, llm == nil || prompts == nil {
            throw AgentError.noProposer("the \(settings.proposer.rawValue) proposer needs an LLM and the prompt templates")
        }
        let roundStart = now()
        await pool?.beginRound()
        let journal = try JournalSnapshot.load(store: store, persona: persona, productionFingerprint: productionFingerprint)
        var index = try loadIndex()
        if !dryRun { try await ensureBaseline(persona: persona, journal: journal, pool: pool) }
        var recorder = TrajectoryRecorder(store: dryRun ? nil : store)
        var report = RoundReport(persona: persona, trajectoryID: dryRun ? nil : recorder.id)
        try recorder.log(.task, [
            "text": .string(Self.taskText(persona: persona, count: count)),
            "persona": .string(persona.rawValue), "count": .number(Double(count)),
            "proposer": .string(settings.proposer.rawValue), "production": .string(productionFingerprint),
        ])

        let history = observations(journal)
        var plan = RoundPlan.make(count: count, journal: journal, space: space, persona: persona, production: production, offset: journal.entries.count, focus: settings.focus)
        var evidence = Evidence.none
        if settings.proposer.usesLLM {
            evidence = try await gatherEvidence(persona: persona, journal: journal, roundStart: roundStart, recorder: &recorder, report: &report)
        }
        var classicalQueue: [JSONValue] = []
        if !settings.proposer.usesLLM {
            classicalQueue = classicalDeltas(persona: persona, count: count, history: history)
        }
        let summary = settings.proposer == .hybrid
            ? evolutionary.summary(persona: persona, base: production, history: history, using: &rng) : nil
        var llmDown = 0
        var fallback: [JSONValue] = []

        for slot in plan.slots.indices {
            let started = ContinuousClock.now
            var attempt: Attempt?
            if settings.proposer.usesLLM && llmDown < 2 {
                if let refusal = try gate.llmRefusal(model: llm!.endpoint.model, roundStart: roundStart) {
                    report.stoppedEarly = refusal
                    llmDown = 2
                } else {
                    attempt = await askLLM(
                        persona: persona, slot: plan.slots[slot], plan: plan, journal: journal, evidence: evidence, summary: summary,
                        report: &report)
                    if case .unreachable? = attempt?.kind { llmDown += 1 } else { llmDown = 0 }
                }
            }
            if let outage = attempt, case .unreachable = outage.kind, settings.proposer == .hybrid {
                // The outage is journalled, but the slot is not lost: the evolutionary
                // proposer below takes it.
                report.outcomes.append(try await settle(
                    outage, persona: persona, slot: plan.slots[slot], evidence: evidence, index: &index, dryRun: dryRun,
                    trajectory: report.trajectoryID, recorder: &recorder, pool: pool, started: started))
                attempt = nil
            }
            if attempt == nil && settings.proposer == .llm {
                report.stoppedEarly = report.stoppedEarly ?? "the LLM could not be reached twice in a row"
                break
            }
            if attempt == nil && settings.proposer == .hybrid {
                // The evolutionary proposer takes the slots the LLM cannot, as one batch so
                // they differ from each other and from this round's proposals.
                if fallback.isEmpty {
                    let proposed = report.outcomes.compactMap { $0.delta.map { Observation(delta: $0, score: nil) } }
                    fallback = evolutionary.propose(persona: persona, count: plan.slots.count - slot, base: production, history: history + proposed, using: &rng)
                }
                attempt = Attempt(proposer: "evolutionary", kind: fallback.isEmpty ? .rejected("the evolutionary proposer found nothing new", raw: nil) : .delta(fallback.removeFirst()))
            }
            if attempt == nil {
                let delta = slot < classicalQueue.count ? classicalQueue[slot] : nil
                attempt = Attempt(proposer: settings.proposer.rawValue, kind: delta.map { .delta($0) } ?? .rejected("the \(settings.proposer.rawValue) proposer found nothing new", raw: nil))
            }
            guard let attempt else { break }
            let outcome = try await settle(
                attempt, persona: persona, slot: plan.slots[slot], evidence: evidence, index: &index, dryRun: dryRun,
                trajectory: report.trajectoryID, recorder: &recorder, pool: pool, started: started)
            plan.record(outcome)
            report.outcomes.append(outcome)
        }
        return report
    }

    /// Every trained or training candidate's config, for exact and near checks.
    /// Loaded in full once per agent; later rounds add only candidates changed since the
    /// last load (less a margin for writes in flight), so rounds stay cheap as the journal grows.
    func loadIndex() throws(StoreError) -> DuplicateIndex {
        let loadStart = now()
        var (index, ids) = cachedIndex.map { ($0.index, $0.ids) } ?? (DuplicateIndex(distance: SearchDistance(space: space), policy: policy.dedup), [])
        let since = cachedIndex.map { $0.loadedAt.addingTimeInterval(-5) }
        for c in try store.candidates(updatedSince: since) where !ids.contains(c.id) && ![.invalid, .duplicate].contains(c.state) {
            if let config = c.config, let fingerprint = c.fingerprint {
                index.insert(id: c.id, persona: c.persona, config: config, fingerprint: fingerprint)
                ids.insert(c.id)
            }
        }
        cachedIndex = (index, ids, loadStart)
        return index
    }

    /// Production itself is trained once per production config, so results can say
    /// "better than production" and a proposal equal to production is a duplicate.
    func ensureBaseline(persona: Persona, journal: JournalSnapshot, pool: TrainingPool?) async throws {
        guard journal.baseline == nil else { return }
        let baseline = Candidate(
            persona: persona, state: .queued, proposer: JournalSnapshot.baselineProposer, baseFingerprint: productionFingerprint,
            delta: .object([:]), config: production, fingerprint: productionFingerprint,
            hypothesis: "the production config itself, measured as the baseline")
        try store.insertCandidate(baseline)
        await pool?.submit(baseline.id)
    }

    func observations(_ journal: JournalSnapshot) -> [Observation] {
        journal.entries.compactMap { entry in
            guard let config = entry.candidate.config, [.scored, .failed, .selected, .awaitingApproval, .approved, .rejected, .live, .launched, .notLaunched, .aborted].contains(entry.candidate.state) else { return nil }
            return Observation(delta: ProposalParser.changes(config, from: production), score: entry.score)
        }
    }

    func classicalDeltas(persona: Persona, count: Int, history: [Observation]) -> [JSONValue] {
        switch settings.proposer {
        case .random: random.propose(persona: persona, count: count, base: production, history: history, using: &rng)
        default: evolutionary.propose(persona: persona, count: count, base: production, history: history, using: &rng)
        }
    }
}
