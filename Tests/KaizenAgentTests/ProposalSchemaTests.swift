import KaizenAgent
import KaizenCore
import KaizenSearchSpace
import Testing

@Suite struct ProposalSchemaTests {
    /// Every value a schema offers is legal, so a grammar-constrained decoder cannot make an
    /// illegal delta; the focus field excludes production's value, so it must change.
    @Test(arguments: Persona.allCases)
    func everyOfferedValueIsLegal(persona: Persona) throws {
        for field in Fixtures.space.fields[persona] ?? [] {
            let schema = ProposalSchema.make(space: Fixtures.space, persona: persona, production: Fixtures.production, focus: field.path, evidenceIDs: ["kb:a"])
            let parts = field.path.split(separator: ".").map(String.init)
            let section = try #require(schema.value(at: "properties.delta.properties.\(parts[0])"))
            #expect(section["required"] == .array([.string(parts[1])]))
            let property = try #require(section.value(at: "properties.\(parts[1])"))
            let values = property["enum"]?.arrayValue ?? property.value(at: "items.enum")?.arrayValue?.map { JSONValue.array([$0]) } ?? []
            if case .bool = field.kind {
                #expect(values == [.bool(!(Fixtures.production.value(at: field.path)?.boolValue ?? false))])
                continue
            }
            #expect(!values.isEmpty, "\(field.path) offers no values")
            for value in values {
                let candidate: JSONValue
                if case .intList(let minLength, _, _, _) = field.kind {
                    candidate = .array(Array(repeating: value.arrayValue![0], count: minLength))
                } else {
                    candidate = value
                }
                #expect(field.problem(with: candidate) == nil, "\(field.path) offers illegal \(candidate.canonicalText)")
            }
            if case .intList = field.kind {} else {
                #expect(!values.contains(Fixtures.production.value(at: field.path)!), "\(field.path): focus must exclude production's value")
            }
        }
    }

    @Test func aSchemaValidReplyIsAcceptedAndAnOffGridOneIsNot() throws {
        let schema = ProposalSchema.make(space: Fixtures.space, persona: .optimizer, production: Fixtures.production, focus: "optimizer.learning_rate", evidenceIDs: ["kb:adaptive-optimizers"])
        let good = Fixtures.json(#"{"hypothesis":"a lower rate is steadier","delta":{"optimizer":{"learning_rate":0.003,"name":"adam"}},"rationale":"","evidence_ids":["kb:adaptive-optimizers"]}"#)
        #expect(JSONSchemaValidator.problems(of: good, against: schema).isEmpty)
        let offGrid = Fixtures.json(#"{"hypothesis":"a lower rate is steadier","delta":{"optimizer":{"learning_rate":0.0042}},"rationale":"","evidence_ids":[]}"#)
        #expect(!JSONSchemaValidator.problems(of: offGrid, against: schema).isEmpty)
        let noFocus = Fixtures.json(#"{"hypothesis":"a lower rate is steadier","delta":{"optimizer":{"name":"adam"}},"rationale":"","evidence_ids":[]}"#)
        #expect(!JSONSchemaValidator.problems(of: noFocus, against: schema).isEmpty)
        let unknownEvidence = Fixtures.json(#"{"hypothesis":"a lower rate is steadier","delta":{"optimizer":{"learning_rate":0.003}},"rationale":"","evidence_ids":["kb:nope"]}"#)
        #expect(!JSONSchemaValidator.problems(of: unknownEvidence, against: schema).isEmpty)
    }
}
