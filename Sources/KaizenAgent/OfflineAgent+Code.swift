import Foundation
import KaizenCode
import KaizenCore
import KaizenLLM
import KaizenStore

extension OfflineAgent {
    /// A code-mode round of the architecture persona: each proposal is a whole `Net` class
    /// written from the reference model and `task.examples` of the journal's best models.
    /// Replies are extracted, checked for `class Net`, fingerprinted without whitespace and
    /// compiled in the sandbox before training; every rejection is journaled with its reason.
    func codeRound(task: CodeTask, count: Int, dryRun: Bool, pool: TrainingPool?) async throws -> RoundReport {
        guard let llm, let prompts else { throw AgentError.noProposer("code mode needs an LLM and the prompt templates") }
        let roundStart = now()
        await pool?.beginRound()
        if !dryRun, try await plantSeeds(task, pool: pool), let pool {
            // The first round waits for the seeds, so its prompts show measured examples.
            while await pool.pending > 0 { try await Task.sleep(for: .milliseconds(200)) }
        }
        var recorder = TrajectoryRecorder(store: dryRun ? nil : store)
        var report = RoundReport(persona: .architecture, trajectoryID: dryRun ? nil : recorder.id)
        try recorder.log(.task, [
            "text": .string("Write \(count) PyTorch Net classes for \(task.dataset) that beat the reference \(task.metric)."),
            "persona": .string(Persona.architecture.rawValue), "count": .number(Double(count)), "mode": "code",
            "examples": .number(Double(task.examples)), "dataset": .string(task.dataset),
        ])
        let scored = try scoredModels(task)
        // The sampling seed moves with every proposal ever journaled, so a round that found
        // nothing new does not ask the same question with the same seed again.
        let journaled = try store.candidates(persona: .architecture).count
        let validator = CodeValidator()
        for slot in 0..<count {
            let started = ContinuousClock.now
            if let refusal = try gate.llmRefusal(model: llm.endpoint.model, roundStart: roundStart) {
                report.stoppedEarly = refusal
                break
            }
            let examples = pickExamples(scored, task: task)
            let prompt = prompts.render("propose-code", codePromptContext(task, scored: scored, examples: examples))
            let reply: LLMReply
            do {
                reply = try await generate(
                    prompt: prompt, format: .text, maxTokens: task.maxTokens, seed: settings.seed.map { $0 &+ journaled &* 31 &+ slot },
                    purpose: "agent.propose.code")
            } catch {
                logger.warning("LLM request failed", metadata: ["error": "\(error)"])
                report.stoppedEarly = "the LLM failed: \(error)"
                break
            }
            report.promptTokens += reply.promptTokens ?? 0
            report.completionTokens += reply.completionTokens ?? 0
            let verdict = try await validator.validate(reply: reply.text) { [store] fingerprint in try store.firstCandidateID(fingerprint: fingerprint) }
            report.outcomes.append(try await settleCode(
                verdict, reply: reply.text, task: task, examples: examples.count, dryRun: dryRun,
                trajectory: report.trajectoryID, recorder: &recorder, pool: pool, started: started))
        }
        return report
    }

    /// Journals one generated model: queued for training, or rejected with its reason.
    private func settleCode(
        _ verdict: Result<CodeValidator.Accepted, CodeRejection>, reply: String, task: CodeTask, examples: Int, dryRun: Bool,
        trajectory: String?, recorder: inout TrajectoryRecorder, pool: TrainingPool?, started: ContinuousClock.Instant
    ) async throws -> ProposalOutcome {
        var candidate = Candidate(
            persona: .architecture, proposer: "llm", baseFingerprint: productionFingerprint,
            hypothesis: "an LLM-written Net for \(task.dataset) (n = \(task.examples), \(examples) shown)", trajectoryID: trajectory)
        let outcome: ProposalOutcome.Verdict
        switch verdict {
        case .success(let accepted):
            candidate.state = .queued
            candidate.code = accepted.source
            candidate.fingerprint = accepted.fingerprint
            candidate.delta = Self.codeDelta(task: task, shown: examples, fingerprint: accepted.fingerprint)
            candidate.config = production.merging(patch: candidate.delta!)
            outcome = .valid
        case .failure(let rejection):
            if case .duplicate(let earlier) = rejection {
                candidate.state = .duplicate
                candidate.nearID = earlier
                outcome = .duplicate
            } else {
                candidate.state = .invalid
                outcome = .invalid
            }
            candidate.reason = rejection.description
            candidate.rawText = reply
            candidate.code = CodeExtractor.extract(reply)
            candidate.fingerprint = candidate.code.map(CodeChecks.fingerprint)
            // Rejected ones carry the delta too, so the summary can group them by n.
            candidate.delta = Self.codeDelta(task: task, shown: examples, fingerprint: candidate.fingerprint)
        }
        if !dryRun {
            try store.insertCandidate(candidate)
            if candidate.state == .queued { await pool?.submit(candidate.id) }
        }
        try recorder.log(.proposal, [
            "text": .string(candidate.code ?? reply), "candidate": .string(candidate.id), "proposer": "llm", "mode": "code",
            "examples": .number(Double(task.examples)), "shown": .number(Double(examples)),
            "fingerprint": candidate.fingerprint.map(JSONValue.string) ?? .null,
            "state": .string(outcome.rawValue), "reason": candidate.reason.map(JSONValue.string) ?? .null,
        ])
        return ProposalOutcome(
            persona: .architecture, proposer: "llm", strategy: "code", candidateID: dryRun ? nil : candidate.id,
            hypothesis: candidate.hypothesis, delta: candidate.delta, verdict: outcome, reason: candidate.reason,
            seconds: (ContinuousClock.now - started).seconds)
    }

    /// What a code candidate changes in the config: nothing the trainer reads, but the review
    /// and the dataset-balanced report need the dataset, n and which model it is.
    /// `examples` is the configured n; `shown` how many supporting models the prompt held
    /// (fewer while the journal is young).
    static func codeDelta(task: CodeTask, shown: Int, fingerprint: String?) -> JSONValue {
        var code: [String: JSONValue] = [
            "dataset": .string(task.dataset), "metric": .string(task.metric), "examples": .number(Double(task.examples)), "shown": .number(Double(shown)),
        ]
        if let fingerprint { code["fingerprint"] = .string(String(fingerprint.prefix(16))) }
        return ["code": .object(code)]
    }

    /// Trains the hand-written seeds once, so prompts have measured examples; true when it
    /// planted any.
    private func plantSeeds(_ task: CodeTask, pool: TrainingPool?) async throws -> Bool {
        var planted = false
        for seed in [task.reference] + task.seeds {
            let fingerprint = CodeChecks.fingerprint(seed.source)
            guard try store.firstCandidateID(fingerprint: fingerprint) == nil else { continue }
            let delta = Self.codeDelta(task: task, shown: 0, fingerprint: fingerprint)
            let candidate = Candidate(
                persona: .architecture, state: .queued, proposer: CodeTask.seedProposer, baseFingerprint: productionFingerprint,
                delta: delta, config: production.merging(patch: delta), fingerprint: fingerprint,
                hypothesis: "seed model \(seed.name)", code: seed.source)
            try store.insertCandidate(candidate)
            await pool?.submit(candidate.id)
            planted = true
        }
        return planted
    }

    /// Every trained code candidate of the task's dataset with its metric, best first.
    func scoredModels(_ task: CodeTask) throws -> [(candidate: Candidate, value: Double)] {
        let states: [LifecycleState] = [.scored, .selected, .awaitingApproval, .approved, .rejected, .live, .launched, .notLaunched, .aborted]
        return try store.candidates(persona: .architecture, states: states).compactMap { candidate in
            guard candidate.code != nil, candidate.delta?["code"]?["dataset"]?.stringValue == task.dataset,
                  let value = try store.metrics(candidate: candidate.id).first(where: { $0.name == task.metric && $0.step == nil })?.value,
                  value.isFinite else { return nil }
            return (candidate, value)
        }.sorted { ($0.value, $1.candidate.id) > ($1.value, $0.candidate.id) }
    }

    /// n distinct supporting models from the best 2n (not the reference), so successive
    /// prompts vary while staying near the top.
    func pickExamples(_ scored: [(candidate: Candidate, value: Double)], task: CodeTask) -> [(candidate: Candidate, value: Double)] {
        let referenceFingerprint = CodeChecks.fingerprint(task.reference.source)
        var pool = Array(scored.filter { $0.candidate.fingerprint != referenceFingerprint }.prefix(task.examples * 2))
        var picked: [(candidate: Candidate, value: Double)] = []
        while picked.count < task.examples, !pool.isEmpty {
            picked.append(pool.remove(at: Int(rng.next() % UInt64(pool.count))))
        }
        return picked.sorted { $0.value < $1.value }
    }

    func codePromptContext(_ task: CodeTask, scored: [(candidate: Candidate, value: Double)], examples: [(candidate: Candidate, value: Double)]) -> [String: Any] {
        let referenceFingerprint = CodeChecks.fingerprint(task.reference.source)
        let referenceValue = scored.first { $0.candidate.fingerprint == referenceFingerprint }?.value
        let shape = "(" + task.inputShape.map(String.init).joined(separator: ", ") + ")"
        return [
            "description": task.description, "dataset": task.dataset, "classes": task.classes, "metric": task.metric,
            "shape": shape, "shape_flat": task.inputShape.map(String.init).joined(separator: ", "),
            "reference": ["source": task.reference.source.trimmingCharacters(in: .whitespacesAndNewlines), "accuracy": referenceValue.map { String(format: "%.4f", $0) } ?? "not measured yet"],
            "examples": examples.enumerated().map { i, e in
                ["number": i + 1, "accuracy": String(format: "%.4f", e.value), "source": (e.candidate.code ?? "").trimmingCharacters(in: .whitespacesAndNewlines)] as [String: Any]
            },
        ]
    }
}
