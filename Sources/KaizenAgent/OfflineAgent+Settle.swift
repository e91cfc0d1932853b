import Foundation
import KaizenCore
import KaizenStore

extension OfflineAgent {
    /// Validates, de-duplicates and journals one attempt; hands a valid one to the pool.
    func settle(
        _ attempt: Attempt, persona: Persona, slot: RoundPlan.Slot, evidence: Evidence, index: inout DuplicateIndex, dryRun: Bool,
        trajectory: String?, recorder: inout TrajectoryRecorder, pool: TrainingPool?, started: ContinuousClock.Instant
    ) async throws -> ProposalOutcome {
        let parser = ProposalParser(space: space, persona: persona, production: production, offeredEvidence: Set(evidence.ids))
        var candidate = Candidate(
            persona: persona, state: .invalid, proposer: attempt.proposer, baseFingerprint: productionFingerprint,
            trajectoryID: trajectory)
        var verdict = ProposalOutcome.Verdict.invalid
        var evidenceIDs: [String] = []
        switch attempt.kind {
        case .unreachable(let why):
            let outcome = ProposalOutcome(
                persona: persona, proposer: attempt.proposer, strategy: slot.strategy, candidateID: nil, hypothesis: "",
                delta: nil, verdict: .error, reason: why, seconds: (ContinuousClock.now - started).seconds)
            try recorder.log(.proposal, ["text": "", "state": "error", "reason": .string(why), "strategy": .string(slot.strategy)])
            return outcome
        case .rejected(let why, let raw):
            candidate.reason = why
            candidate.rawText = raw
        case .reply(let text):
            candidate.rawText = text
            evidenceIDs = apply(parser.parse(text: text), to: &candidate)
        case .delta(let delta):
            let value: JSONValue = ["hypothesis": .string("\(attempt.proposer) search: \(Self.describe(delta))"), "delta": delta, "rationale": "", "evidence_ids": []]
            evidenceIDs = apply(parser.parse(value), to: &candidate)
        }
        if candidate.state == .queued, let config = candidate.config, let fingerprint = candidate.fingerprint {
            switch index.check(config: config, fingerprint: fingerprint, persona: persona) {
            case .unique:
                verdict = .valid
                index.insert(id: candidate.id, persona: persona, config: config, fingerprint: fingerprint)
            case .duplicate(let other):
                verdict = .duplicate
                candidate.state = .duplicate
                candidate.nearID = other
                candidate.reason = "same config as \(other)"
            case .nearDuplicate(let other, let distance):
                verdict = .nearDuplicate
                candidate.state = .duplicate
                candidate.nearID = other
                candidate.reason = String(
                    format: "near-duplicate of %@: distance %.4f <= %@ threshold %.4f", other, distance, persona.rawValue,
                    policy.dedup.threshold(for: persona.rawValue) ?? 0)
            }
        }
        if !dryRun {
            try store.insertCandidate(candidate)
            if candidate.state == .queued { await pool?.submit(candidate.id) }
        }
        try recorder.log(.proposal, [
            "text": .string(Self.proposalText(hypothesis: candidate.hypothesis, delta: candidate.delta)),
            "candidate": .string(candidate.id), "proposer": .string(candidate.proposer), "strategy": .string(slot.strategy),
            "focus": slot.focus.map(JSONValue.string) ?? .null, "hypothesis": .string(candidate.hypothesis),
            "delta": candidate.delta ?? .null, "evidence_ids": .array(evidenceIDs.map(JSONValue.string)),
            "state": .string(verdict.rawValue), "reason": candidate.reason.map(JSONValue.string) ?? .null,
        ])
        return ProposalOutcome(
            persona: persona, proposer: candidate.proposer, strategy: slot.strategy, candidateID: dryRun ? nil : candidate.id,
            hypothesis: candidate.hypothesis, delta: candidate.delta, verdict: verdict, reason: candidate.reason,
            seconds: (ContinuousClock.now - started).seconds)
    }

    /// Copies an accepted proposal into the candidate, or the rejection's reason; returns
    /// the evidence the proposal cites.
    private func apply(_ parsed: Result<Proposal, ProposalRejection>, to candidate: inout Candidate) -> [String] {
        switch parsed {
        case .success(let proposal):
            candidate.state = .queued
            candidate.hypothesis = proposal.hypothesis
            candidate.rationale = proposal.rationale
            candidate.delta = proposal.delta
            candidate.config = proposal.config
            candidate.fingerprint = proposal.fingerprint
            return proposal.evidenceIDs
        case .failure(let rejection):
            candidate.state = .invalid
            candidate.reason = rejection.reason
            return []
        }
    }

    /// `optimizer.learning_rate=0.003, optimizer.name="adam"`: a delta in one line.
    static func describe(_ delta: JSONValue) -> String {
        delta.leafPaths().map { "\($0)=\(delta.value(at: $0)?.canonicalText ?? "null")" }.joined(separator: ", ")
    }
}
