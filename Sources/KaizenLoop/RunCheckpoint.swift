import Foundation
import KaizenCore

/// Where a run stands, stored in its `runs` row after every step, so that a killed process
/// resumes mid-cycle: personas already proposed for are not proposed for again, and online
/// steps already taken are not repeated.
struct RunCheckpoint: Sendable, Equatable {
    var summary = LoopSummary()
    /// Personas whose round of the cycle in hand is done.
    var personasDone: [Persona] = []
    /// Online steps of the cycle in hand that are done.
    var onlineStepsDone = 0
    /// Days the live environment advanced in this run.
    var days = 0
    /// The persona round under way, stored before it starts: a process killed during it
    /// leaves journaled candidates the summary has not counted; the resumed run counts them
    /// (and proposes that round again), so the summary always matches the journal.
    var roundInHand: RoundInHand?

    struct RoundInHand: Sendable, Equatable {
        var persona: Persona
        var startedAt: Date
    }

    init() {}

    init(json: JSONValue?) {
        guard let json else { return }
        summary = LoopSummary(json: json)
        personasDone = json["checkpoint"]?["personas_done"]?.arrayValue?.compactMap { $0.stringValue.flatMap(Persona.init(rawValue:)) } ?? []
        onlineStepsDone = json["checkpoint"]?["online_steps_done"]?.doubleValue.map { Int($0) } ?? 0
        days = json["checkpoint"]?["days"]?.doubleValue.map { Int($0) } ?? 0
        if let round = json["checkpoint"]?["round_in_hand"], let persona = round["persona"]?.stringValue.flatMap(Persona.init(rawValue:)),
           let startedAt = round["started_at"]?.doubleValue
        {
            roundInHand = RoundInHand(persona: persona, startedAt: Date(timeIntervalSince1970: startedAt))
        }
    }

    var json: JSONValue {
        var object = summary.json.objectValue ?? [:]
        var checkpoint: [String: JSONValue] = [
            "personas_done": .array(personasDone.map { .string($0.rawValue) }),
            "online_steps_done": .number(Double(onlineStepsDone)),
            "days": .number(Double(days)),
        ]
        if let round = roundInHand {
            checkpoint["round_in_hand"] = .object([
                "persona": .string(round.persona.rawValue), "started_at": .number(round.startedAt.timeIntervalSince1970),
            ])
        }
        object["checkpoint"] = .object(checkpoint)
        return .object(object)
    }
}
