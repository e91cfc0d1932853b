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

    init() {}

    init(json: JSONValue?) {
        guard let json else { return }
        summary = LoopSummary(json: json)
        personasDone = json["checkpoint"]?["personas_done"]?.arrayValue?.compactMap { $0.stringValue.flatMap(Persona.init(rawValue:)) } ?? []
        onlineStepsDone = json["checkpoint"]?["online_steps_done"]?.doubleValue.map { Int($0) } ?? 0
        days = json["checkpoint"]?["days"]?.doubleValue.map { Int($0) } ?? 0
    }

    var json: JSONValue {
        var object = summary.json.objectValue ?? [:]
        object["checkpoint"] = .object([
            "personas_done": .array(personasDone.map { .string($0.rawValue) }),
            "online_steps_done": .number(Double(onlineStepsDone)),
            "days": .number(Double(days)),
        ])
        return .object(object)
    }
}
