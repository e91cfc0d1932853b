import KaizenYAML

extension Policy.Approval {
    static let conditionKeys = ["persona", "traffic_above", "offline_gain_below", "inference_cost_increase_above"]

    /// Reads `approval.yaml`, recording every problem in `issues`.
    static func read(_ root: YAMLNode, _ issues: inout PolicyIssues) -> Self? {
        let start = issues.count
        let top = issues.check { try root.mapping(allowed: ["rules"]) }
        let items = issues.value(top, "rules") { try $0.array() }
        var rules: [Policy.ApprovalRule] = []
        var firstLine: [String: Int] = [:]
        for item in items ?? [] {
            let entry = issues.check { try item.mapping(allowed: ["name", "when", "require"]) }
            let name = issues.value(entry, "name") { try $0.nonEmptyString() }
            if let name, let node = entry?["name"] {
                if let line = firstLine[name] {
                    issues.report(node.error("duplicate rule name '\(name)' (first used at line \(line))"))
                } else {
                    firstLine[name] = node.line
                }
            }
            let when = readConditions(issues.section(entry, "when", allowed: conditionKeys), &issues)
            let require = issues.value(entry, "require") {
                try $0.oneOf(Policy.ApprovalRule.Requirement.allCases.map(\.rawValue))
            }.flatMap(Policy.ApprovalRule.Requirement.init(rawValue:))
            if let name, let when, let require {
                rules.append(Policy.ApprovalRule(name: name, when: when, require: require))
            }
        }
        guard issues.count == start, items != nil else { return nil }
        return Self(rules: rules)
    }

    private static func readConditions(_ when: YAMLMapping?, _ issues: inout PolicyIssues) -> Policy.ApprovalRule.Conditions? {
        guard let when else { return nil }
        let start = issues.count
        var personas: [String]?
        if let node = when["persona"], !node.isNull, let items = issues.check({ try node.array() }) {
            if items.isEmpty {
                issues.report(node.error("expected at least one persona (\(Policy.personas.joined(separator: ", ")))"))
            }
            personas = items.compactMap { item in issues.check { try item.oneOf(Policy.personas) } }
        }
        let traffic = issues.optional(when, "traffic_above") { try $0.fraction() }
        let gain = issues.optional(when, "offline_gain_below") { try $0.double() }
        let cost = issues.optional(when, "inference_cost_increase_above") {
            try $0.double(in: -1...Double.greatestFiniteMagnitude)
        }
        guard issues.count == start, let traffic, let gain, let cost else { return nil }
        return Policy.ApprovalRule.Conditions(
            persona: personas, trafficAbove: traffic, offlineGainBelow: gain, inferenceCostIncreaseAbove: cost)
    }
}
