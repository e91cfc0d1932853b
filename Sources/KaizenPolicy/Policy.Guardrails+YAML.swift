import KaizenYAML

extension Policy.Guardrails {
    /// Reads `guardrails.yaml`, recording every problem in `issues`.
    static func read(_ root: YAMLNode, _ issues: inout PolicyIssues) -> Self? {
        let start = issues.count
        let top = issues.check { try root.mapping(allowed: ["min_days_before_abort", "limits"]) }
        let minDays = issues.value(top, "min_days_before_abort") { try $0.int(in: 0...365) }
        let items = issues.value(top, "limits") { try $0.array() }
        var limits: [Limit] = []
        var firstLine: [String: Int] = [:]
        for item in items ?? [] {
            let entry = issues.check { try item.mapping(allowed: ["metric", "max_relative_drop"]) }
            let metric = issues.value(entry, "metric") { try $0.nonEmptyString() }
            let drop = issues.value(entry, "max_relative_drop") { try $0.fraction() }
            if let metric, let node = entry?["metric"] {
                if let line = firstLine[metric] {
                    issues.report(node.error("duplicate metric '\(metric)' (first limited at line \(line))"))
                } else {
                    firstLine[metric] = node.line
                }
            }
            if let metric, let drop {
                limits.append(Limit(metric: metric, maxRelativeDrop: drop))
            }
        }
        guard issues.count == start, let minDays, items != nil else { return nil }
        return Self(limits: limits, minDaysBeforeAbort: minDays)
    }
}
