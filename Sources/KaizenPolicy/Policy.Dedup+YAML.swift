import KaizenYAML

extension Policy.Dedup {
    /// Reads `dedup.yaml`, recording every problem in `issues`; every persona needs a threshold.
    static func read(_ root: YAMLNode, _ issues: inout PolicyIssues) -> Self? {
        let start = issues.count
        let top = issues.check { try root.mapping(allowed: ["near_duplicate_distance"]) }
        let distances = issues.section(top, "near_duplicate_distance", allowed: Policy.personas)
        var thresholds: [String: Double] = [:]
        for persona in Policy.personas {
            thresholds[persona] = issues.value(distances, persona) { try $0.fraction() }
        }
        guard issues.count == start, distances != nil else { return nil }
        return Self(nearDuplicateDistance: thresholds)
    }
}
