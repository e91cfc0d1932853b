import KaizenCore
import KaizenSearchSpace

/// The JSON schema of one proposal, `{hypothesis, delta, rationale, evidence_ids}`, built so
/// that a grammar-constrained decoder (llama.cpp) can only produce a legal, real change:
///
/// - every value is an enum (see `ValueGrid`), lists have `minItems`/`maxItems`;
/// - the delta must set `focus`, a field the agent picks per proposal, to a value other
///   than production's (grammars ignore `minProperties`, so "change something" is enforced
///   by a required field instead); the persona's other fields are optional;
/// - evidence ids are an enum of the documents the agent actually opened.
public enum ProposalSchema {
    public static let hypothesisMaxLength = 160
    public static let rationaleMaxLength = 200

    public static func make(
        space: SearchSpace, persona: Persona, production: JSONValue, focus: String?, evidenceIDs: [String]
    ) -> JSONValue {
        var sections: [String: [String: JSONValue]] = [:]
        var required: [String: [String]] = [:]
        for field in space.fields[persona] ?? [] {
            let parts = field.path.split(separator: ".").map(String.init)
            guard parts.count == 2 else { continue }
            let current = production.value(at: field.path)
            var schema = fieldSchema(field, production: current)
            if field.path == focus {
                schema = fieldSchema(field, production: current, excluding: current)
                required[parts[0], default: []].append(parts[1])
            }
            sections[parts[0], default: [:]][parts[1]] = schema
        }
        var deltaProperties: [String: JSONValue] = [:]
        for (section, properties) in sections {
            deltaProperties[section] = .object([
                "type": "object", "properties": .object(properties),
                "required": .array((required[section] ?? []).map(JSONValue.string)), "additionalProperties": false,
            ])
        }
        let evidence: JSONValue = evidenceIDs.isEmpty
            ? .object(["type": "array", "maxItems": 0])
            : .object(["type": "array", "items": .object(["enum": .array(evidenceIDs.map(JSONValue.string))]), "maxItems": .number(Double(min(3, evidenceIDs.count)))])
        return .object([
            "type": "object",
            "properties": .object([
                "hypothesis": .object(["type": "string", "minLength": 10, "maxLength": .number(Double(hypothesisMaxLength))]),
                "delta": .object([
                    "type": "object", "properties": .object(deltaProperties),
                    "required": .array(deltaProperties.keys.sorted().map(JSONValue.string)), "additionalProperties": false,
                ]),
                "rationale": .object(["type": "string", "maxLength": .number(Double(rationaleMaxLength))]),
                "evidence_ids": evidence,
            ]),
            "required": ["hypothesis", "delta", "rationale", "evidence_ids"],
            "additionalProperties": false,
        ])
    }

    static func fieldSchema(_ field: SearchField, production: JSONValue?, excluding: JSONValue? = nil) -> JSONValue {
        if case .bool = field.kind {
            if let excluding, let b = excluding.boolValue { return .object(["enum": [.bool(!b)]]) }
            return .object(["type": "boolean"])
        }
        let grid = ValueGrid.values(for: field, production: production).filter { $0 != excluding }
        if case .intList(let minLength, let maxLength, _, _) = field.kind {
            return .object([
                "type": "array", "items": .object(["enum": .array(grid)]),
                "minItems": .number(Double(minLength)), "maxItems": .number(Double(maxLength)),
            ])
        }
        return .object(["enum": .array(grid)])
    }
}
