import Foundation
import KaizenCore
import KaizenLLM
import KaizenSearchSpace

extension OfflineAgent {
    /// Asks the LLM for one proposal under the schema that makes illegal values unsayable.
    func askLLM(
        persona: Persona, slot: RoundPlan.Slot, plan: RoundPlan, journal: JournalSnapshot, evidence: Evidence, summary: String?,
        report: inout RoundReport
    ) async -> Attempt {
        let proposer = settings.proposer == .hybrid ? "hybrid" : "llm"
        let prompt = promptText(persona: persona, slot: slot, plan: plan, journal: journal, evidence: evidence, summary: summary)
        let schema = ProposalSchema.make(space: space, persona: persona, production: production, focus: slot.focus, evidenceIDs: evidence.ids)
        let seed = settings.seed.map { $0 &+ journal.entries.count &* 31 &+ slot.index }
        do {
            let reply = try await generate(
                prompt: prompt, format: .jsonSchema(name: "proposal", schema: schema), maxTokens: settings.maxTokens, seed: seed,
                purpose: "agent.propose.\(persona.rawValue)")
            report.promptTokens += reply.promptTokens ?? 0
            report.completionTokens += reply.completionTokens ?? 0
            return Attempt(proposer: proposer, kind: .reply(reply.text))
        } catch {
            switch error {
            case .invalidJSON, .truncated, .schemaMismatch, .badResponse:
                return Attempt(proposer: proposer, kind: .rejected("\(error.errorClass): \(error)", raw: error.rawText))
            case .connection, .timeout, .http, .cancelled:
                logger.warning("LLM request failed", metadata: ["error": "\(error)"])
                return Attempt(proposer: proposer, kind: .unreachable("\(error)"))
            }
        }
    }

    /// The persona's template filled with the journal, examples, evidence and the plan.
    func promptText(persona: Persona, slot: RoundPlan.Slot, plan: RoundPlan, journal: JournalSnapshot, evidence: Evidence, summary: String?) -> String {
        let text = promptContextText(template: "propose-\(persona.rawValue)", context: promptContext(
            persona: persona, slot: slot, plan: plan, journal: journal, evidence: evidence, summary: summary))
        // A base model continues right after the template's final "Proposal: ".
        guard settings.mode == .completion else { return text }
        var trimmed = Substring(text)
        while trimmed.last == "\n" { trimmed = trimmed.dropLast() }
        return String(trimmed)
    }

    func promptContextText(template: String, context: [String: Any]) -> String {
        prompts?.render(template, context) ?? ""
    }

    func promptContext(persona: Persona, slot: RoundPlan.Slot, plan: RoundPlan, journal: JournalSnapshot, evidence: Evidence, summary: String?) -> [String: Any] {
        let objective = PersonaObjective.of(persona)
        let baselineMetrics = journal.baseline?.metrics
        let shown = journal.forPrompt(topK: settings.topK)
        let base = journal.baseline?.lookedGoodLostOnline(baseline: nil) == true ? nil : journal.baseline?.score
        var context: [String: Any] = [
            "persona": persona.rawValue,
            "objective": ["metric": objective.metric, "direction": objective.higherIsBetter ? "higher" : "lower"],
            "production": production.canonicalText,
            "fields": (space.fields[persona] ?? []).map { ["path": $0.path, "legal": Self.legalText($0, production: production.value(at: $0.path))] },
            "journal": shown.map { entry -> [String: Any] in
                var row: [String: Any] = [
                    "id": entry.candidate.id, "state": entry.candidate.state.rawValue,
                    "delta": entry.candidate.delta?.canonicalText ?? "{}", "result": entry.resultText(baselineMetrics: baselineMetrics),
                    "hypothesis": String(entry.candidate.hypothesis.prefix(160)),
                ]
                if entry.lookedGoodLostOnline(baseline: base) { row["note"] = "looked good offline but lost online" }
                return row
            },
            "journal_shown": shown.count, "journal_total": journal.entries.count,
            "total": plan.slots.count, "exploit": plan.exploit, "explore": plan.explore, "innovate": plan.innovate,
            "index": slot.index + 1, "strategy": slot.strategy, "focus": slot.focus ?? "any field",
            "completion": settings.mode == .completion,
        ]
        if let score = journal.baseline?.metrics[objective.metric] { context["baseline"] = String(format: "%@ %.4f", objective.metric, score) }
        if let summary { context["classical"] = summary }
        if let calibration = journal.calibration.text { context["calibration"] = calibration }
        if !plan.proposedThisRound.isEmpty {
            context["proposed"] = plan.proposedThisRound.joined(separator: "; ")
        }
        if !evidence.items.isEmpty {
            context["evidence"] = [
                "documents": evidence.items.map { ["id": $0.id, "title": $0.title, "snippet": $0.snippet] },
                "reasoning": evidence.reasoning as Any,
            ] as [String: Any]
        }
        let examples = journal.examples(settings.examples)
        context["examples_count"] = examples.isEmpty ? false : true
        context["examples"] = examples.map { entry -> [String: String] in
            let json: JSONValue = [
                "hypothesis": .string(entry.candidate.hypothesis), "delta": entry.candidate.delta ?? [:],
                "rationale": .string(String(entry.candidate.rationale.prefix(200))), "evidence_ids": [],
            ]
            return ["json": json.canonicalText, "result": entry.resultText(baselineMetrics: baselineMetrics)]
        }
        return context
    }

    /// `one of 0.0001, 0.0003, ...; production 0.05` — the values the schema allows.
    static func legalText(_ field: SearchField, production: JSONValue?) -> String {
        let now = production.map { "; production \($0.canonicalText)" } ?? ""
        switch field.kind {
        case .bool: return "true or false" + now
        case .intList(let minLength, let maxLength, _, _):
            let widths = ValueGrid.values(for: field, production: nil).map(\.canonicalText).joined(separator: ", ")
            return "a list of \(minLength) to \(maxLength) widths, each one of \(widths)" + now
        default:
            return "one of " + ValueGrid.values(for: field, production: production).map(\.canonicalText).joined(separator: ", ") + now
        }
    }
}
