import KaizenCore

/// A random instance of the JSON-schema subset `ProposalSchema` uses (objects with
/// properties/required, enums, booleans, bounded strings and arrays), as a grammar-constrained
/// decoder would produce it. Optional properties are included with probability `optional`,
/// so most proposals change more than the focus field and few are duplicates.
enum SchemaInstance {
    static func make(_ schema: JSONValue, optional: Double = 0.35, using rng: inout SeededGenerator) -> JSONValue {
        if let options = schema["enum"]?.arrayValue, !options.isEmpty {
            return options[Int.random(in: 0..<options.count, using: &rng)]
        }
        switch schema["type"]?.stringValue {
        case "object":
            let properties = schema["properties"]?.objectValue ?? [:]
            let required = Set((schema["required"]?.arrayValue ?? []).compactMap(\.stringValue))
            var out: [String: JSONValue] = [:]
            for key in properties.keys.sorted() where required.contains(key) || Double.random(in: 0..<1, using: &rng) < optional {
                out[key] = key == "evidence_ids"
                    ? distinct(properties[key]!, using: &rng) : make(properties[key]!, optional: optional, using: &rng)
            }
            return .object(out)
        case "array":
            let low = schema["minItems"]?.intValue ?? 0
            let high = max(low, schema["maxItems"]?.intValue ?? low + 2)
            let count = Int.random(in: low...high, using: &rng)
            guard count > 0, let items = schema["items"] else { return .array([]) }
            return .array((0..<count).map { _ in make(items, optional: optional, using: &rng) })
        case "boolean":
            return .bool(Bool.random(using: &rng))
        case "integer":
            return .number(Double(Int.random(in: 0...10, using: &rng)))
        case "number":
            return .number(Double.random(in: 0..<1, using: &rng))
        case "string":
            let low = schema["minLength"]?.intValue ?? 0
            let high = schema["maxLength"]?.intValue ?? 120
            let text = "stand-in proposal \(UInt32.random(in: 0...UInt32.max, using: &rng)): a change that should move the persona's metric"
            return .string(String(text.prefix(max(low, min(high, text.count)))))
        default:
            return .null
        }
    }

    /// An array of distinct enum values (cited evidence ids).
    static func distinct(_ schema: JSONValue, using rng: inout SeededGenerator) -> JSONValue {
        let options = schema["items"]?["enum"]?.arrayValue ?? []
        let high = min(options.count, schema["maxItems"]?.intValue ?? options.count)
        guard high > 0 else { return .array([]) }
        return .array(Array(options.shuffled(using: &rng).prefix(Int.random(in: 0...high, using: &rng))))
    }
}
