import Testing
import KaizenPolicy

/// The approval logic: conditions within a rule are ANDed, rules are ORed, and unknown
/// facts fail closed.
struct ApprovalRuleTests {
    typealias Rule = Policy.ApprovalRule
    typealias Facts = Policy.ApprovalFacts

    let approval = Policy.Approval(rules: [
        Rule(name: "reward", when: .init(persona: ["reward"])),
        Rule(name: "arch-wide-small", when: .init(persona: ["architecture"], trafficAbove: 0.1, offlineGainBelow: 0.002)),
        Rule(name: "costly", when: .init(inferenceCostIncreaseAbove: 0.2)),
    ])

    func facts(_ persona: String = "optimizer", traffic: Double = 0.05, gain: Double = 0.01, cost: Double = 0) -> Facts {
        Facts(persona: persona, trafficFraction: traffic, offlineGain: gain, inferenceCostChange: cost)
    }

    func names(_ facts: Facts) -> [String] {
        approval.rulesRequiringApproval(for: facts).map(\.name)
    }

    @Test func nothingAppliesToAnOrdinaryChange() {
        #expect(names(facts()).isEmpty)
    }

    @Test func personaConditionMatchesListedPersonasOnly() {
        #expect(names(facts("reward")) == ["reward"])
        #expect(names(facts("optimizer")).isEmpty)
        #expect(names(facts("Reward")).isEmpty)
    }

    @Test func conditionsWithinARuleAreAllRequired() {
        #expect(names(facts("architecture", traffic: 0.2, gain: 0.001)) == ["arch-wide-small"])
        #expect(names(facts("architecture", traffic: 0.05, gain: 0.001)).isEmpty)
        #expect(names(facts("architecture", traffic: 0.2, gain: 0.01)).isEmpty)
        #expect(names(facts("optimizer", traffic: 0.2, gain: 0.001)).isEmpty)
    }

    @Test func anyApplyingRuleCountsAndAllAreReturnedInOrder() {
        #expect(names(facts("reward", cost: 0.5)) == ["reward", "costly"])
        #expect(names(facts("architecture", traffic: 0.2, gain: 0.001, cost: 0.5)) == ["arch-wide-small", "costly"])
    }

    @Test func thresholdsAreStrict() {
        #expect(names(facts(cost: 0.2)).isEmpty)
        #expect(names(facts(cost: 0.2000001)) == ["costly"])
        #expect(names(facts("architecture", traffic: 0.1, gain: 0.001)).isEmpty)
        #expect(names(facts("architecture", traffic: 0.2, gain: 0.002)).isEmpty)
    }

    @Test func unknownFactsFailClosed() {
        #expect(names(facts(cost: .nan)) == ["costly"])
        #expect(names(facts("architecture", traffic: .nan, gain: .nan)) == ["arch-wide-small"])
    }

    @Test func ruleWithoutConditionsAppliesToEverything() {
        let always = Policy.Approval(rules: [Rule(name: "always", when: .init())])
        #expect(always.rulesRequiringApproval(for: facts()).map(\.name) == ["always"])
        #expect(Policy.Approval(rules: []).rulesRequiringApproval(for: facts("reward")).isEmpty)
    }

    @Test func emptyWhenLoadsFromYAML() throws {
        let files = PolicyFixtures.files("approval.yaml", replacing: "when: {inference_cost_increase_above: 0.2}", with: "when: {}")
        let rule = try Policy.load(files: files).approval.rules[2]
        #expect(rule == Rule(name: "costly", when: .init(), require: .approval))
        #expect(rule.applies(to: facts()))
    }
}
