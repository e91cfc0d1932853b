import KaizenAgent
import KaizenCore
import Testing

@Suite struct ProposalParserTests {
    let parser = ProposalParser(space: Fixtures.space, persona: .optimizer, production: Fixtures.production, offeredEvidence: ["kb:adaptive-optimizers"])

    func reject(_ text: String) -> String? {
        if case .failure(let rejection) = parser.parse(text: text) { return rejection.reason }
        return nil
    }

    @Test func acceptsAProposalAndKeepsOnlyRealChanges() throws {
        let text = #"{"hypothesis":"adam converges faster","delta":{"optimizer":{"name":"adam","learning_rate":0.003,"momentum":0.9}},"rationale":"notes","evidence_ids":["kb:adaptive-optimizers","kb:adaptive-optimizers"]}"#
        let proposal = try parser.parse(text: text).get()
        // momentum 0.9 is production's value: not a change.
        #expect(proposal.delta == Fixtures.json(#"{"optimizer":{"learning_rate":0.003,"name":"adam"}}"#))
        #expect(proposal.evidenceIDs == ["kb:adaptive-optimizers"])
        #expect(proposal.config.value(at: "optimizer.name") == .string("adam"))
        #expect(proposal.config.value(at: "architecture.tower") == Fixtures.production.value(at: "architecture.tower"))
        #expect(proposal.fingerprint == Fingerprint.ofConfig(proposal.config))
    }

    @Test(arguments: [
        ("not json", "reply is not JSON"),
        ("[1,2]", "reply: expected a JSON object, found array"),
        (#"{"hypothesis":"h is long enough","delta":{"optimizer":{"epochs":3}},"rationale":"","evidence_ids":[],"extra":1}"#, "extra: not a field of a proposal"),
        (#"{"delta":{"optimizer":{"epochs":3}},"rationale":"","evidence_ids":[]}"#, "hypothesis: missing"),
        (#"{"hypothesis":"  ","delta":{"optimizer":{"epochs":3}},"rationale":"","evidence_ids":[]}"#, "hypothesis: empty"),
        (#"{"hypothesis":5,"delta":{"optimizer":{"epochs":3}},"rationale":"","evidence_ids":[]}"#, "hypothesis: expected a string"),
        (#"{"hypothesis":"h","delta":{"optimizer":{"epochs":3}},"evidence_ids":[]}"#, "rationale: missing"),
        (#"{"hypothesis":"h","delta":{"optimizer":{"epochs":3}},"rationale":1,"evidence_ids":[]}"#, "rationale: expected a string"),
        (#"{"hypothesis":"h","delta":{"optimizer":{"epochs":3}},"rationale":""}"#, "evidence_ids: missing"),
        (#"{"hypothesis":"h","delta":{"optimizer":{"epochs":3}},"rationale":"","evidence_ids":"kb:x"}"#, "evidence_ids: expected a list"),
        (#"{"hypothesis":"h","delta":{"optimizer":{"epochs":3}},"rationale":"","evidence_ids":[3]}"#, "evidence_ids[0]: expected a string"),
        (#"{"hypothesis":"h","delta":{"optimizer":{"epochs":3}},"rationale":"","evidence_ids":["kb:made-up"]}"#, "evidence_ids[0]: kb:made-up was not among the documents offered"),
        (#"{"hypothesis":"h","rationale":"","evidence_ids":[]}"#, "delta: missing"),
        (#"{"hypothesis":"h","delta":{},"rationale":"","evidence_ids":[]}"#, "delta: empty"),
        (#"{"hypothesis":"h","delta":[1],"rationale":"","evidence_ids":[]}"#, "delta: expected a JSON object"),
        (#"{"hypothesis":"h","delta":{"architecture":{"dropout":0.1}},"rationale":"","evidence_ids":[]}"#, "delta.architecture.dropout: belongs to another persona"),
        (#"{"hypothesis":"h","delta":{"optimizer":{"warp":1}},"rationale":"","evidence_ids":[]}"#, "delta.optimizer.warp: not a field of the search space"),
        (#"{"hypothesis":"h","delta":{"optimizer":{"learning_rate":3}},"rationale":"","evidence_ids":[]}"#, "delta.optimizer.learning_rate: 3 is outside"),
        (#"{"hypothesis":"h","delta":{"optimizer":{"epochs":"two"}},"rationale":"","evidence_ids":[]}"#, "delta.optimizer.epochs: expected an integer"),
        (#"{"hypothesis":"h","delta":{"optimizer":{"name":"lion"}},"rationale":"","evidence_ids":[]}"#, "delta.optimizer.name: \"lion\" is not one of"),
        (#"{"hypothesis":"h","delta":{"optimizer":{"momentum":null}},"rationale":"","evidence_ids":[]}"#, "delta.optimizer.momentum: a delta may not remove a field"),
        (#"{"hypothesis":"h","delta":{"optimizer":{"epochs":2.0,"name":"sgd"}},"rationale":"","evidence_ids":[]}"#, "delta: every value equals production's"),
    ])
    func rejectsWithTheReason(text: String, expected: String) {
        let reason = reject(text)
        #expect(reason?.hasPrefix(expected) == true, "got \(reason ?? "acceptance")")
    }

    @Test func fingerprintIgnoresWhitespaceAndKeyOrder() throws {
        let a = try parser.parse(text: #"{"hypothesis":"h","delta":{"optimizer":{"epochs":3,"name":"adam"}},"rationale":"","evidence_ids":[]}"#).get()
        let b = try parser.parse(text: "{ \"rationale\" : \"x\",\n \"delta\": {\"optimizer\": {\"name\": \"adam\",\n\t\"epochs\": 3.0}}, \"hypothesis\": \"other words\", \"evidence_ids\": [] }").get()
        #expect(a.fingerprint == b.fingerprint)
        #expect(Fingerprint.of(text: "def f(x):\n    return x") == Fingerprint.of(text: "def f(x): return x"))
        #expect(Fingerprint.of(text: "a+b") != Fingerprint.of(text: "a-b"))
        #expect(Fingerprint.of(text: "x").count == 32)
    }
}
