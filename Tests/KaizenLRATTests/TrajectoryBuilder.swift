import KaizenCore

/// Builds one trajectory's events with consecutive steps, so tests read like the episode.
struct TrajectoryBuilder {
    let id: String
    private(set) var events: [TrajectoryEvent] = []
    private var step = 0

    init(_ id: String) { self.id = id }

    private mutating func add(_ kind: TrajectoryEvent.Kind, _ fields: [String: JSONValue]) {
        step += 1
        events.append(TrajectoryEvent(trajectory: id, step: step, kind: kind, fields: fields))
    }

    mutating func task(_ text: String) { add(.task, ["text": .string(text)]) }

    /// Results get ranks 1, 2, 3... in the order given.
    mutating func search(_ query: String, _ docs: [String]) {
        let results = docs.enumerated().map { offset, doc -> JSONValue in ["doc": .string(doc), "rank": .number(Double(offset + 1))] }
        add(.search, ["query": .string(query), "results": .array(results)])
    }

    mutating func browse(_ doc: String) { add(.browse, ["doc": .string(doc)]) }

    mutating func reason(_ text: String, tokens: Int? = nil) {
        var fields: [String: JSONValue] = ["text": .string(text)]
        if let tokens { fields["tokens"] = .number(Double(tokens)) }
        add(.reason, fields)
    }

    mutating func answer(_ text: String) { add(.answer, ["text": .string(text)]) }

    mutating func outcome(_ success: Bool) { add(.outcome, ["success": .bool(success)]) }
}
