import Testing

@testable import KaizenCore

@Suite struct JSONSchemaValidatorTests {
    let schema = try! JSONValue.parse(#"""
        {"type": "object", "additionalProperties": false,
         "required": ["persona", "delta"],
         "properties": {
           "persona": {"type": "string", "enum": ["optimizer", "reward"]},
           "delta": {"type": "object", "minProperties": 1},
           "evidence_ids": {"type": "array", "items": {"type": "string"}, "maxItems": 2},
           "lr": {"type": "number", "minimum": 0.0001, "maximum": 1},
           "epochs": {"type": "integer"}}}
        """#)

    @Test func acceptsAValidValue() throws {
        let value = try JSONValue.parse(#"{"persona": "reward", "delta": {"x": 1}, "evidence_ids": ["d1"], "lr": 0.1, "epochs": 3}"#)
        #expect(JSONSchemaValidator.problems(of: value, against: schema).isEmpty)
    }

    @Test func reportsEveryProblemWithItsPath() throws {
        let value = try JSONValue.parse(#"{"persona": "pirate", "delta": {}, "evidence_ids": ["a", 2, "c"], "lr": 7, "epochs": 2.5, "x": 1}"#)
        let problems = JSONSchemaValidator.problems(of: value, against: schema)
        let expected = ["$.persona", "$.delta", "$.evidence_ids[1]", "$.evidence_ids", "$.lr", "$.epochs", "unexpected property \"x\""]
        for fragment in expected { #expect(problems.contains { $0.contains(fragment) }, "no problem about \(fragment): \(problems)") }
        let missing = JSONSchemaValidator.problems(of: .object([:]), against: schema)
        #expect(missing.contains { $0.contains("missing required property \"persona\"") })
    }
}
