import KaizenYAML

extension Policy.Launch {
    /// Reads `launch.yaml`, recording every problem in `issues`.
    static func read(_ root: YAMLNode, _ issues: inout PolicyIssues) -> Self? {
        let start = issues.count
        let top = issues.check {
            try root.mapping(allowed: ["test", "alpha", "min_days", "max_days", "min_effect", "north_star"])
        }
        let test = issues.value(top, "test") { try $0.oneOf(Test.allCases.map(\.rawValue)) }.flatMap(Test.init(rawValue:))
        let alpha = issues.value(top, "alpha") { node in
            let value = try node.double()
            guard value > 0, value < 0.5 else {
                throw node.error("expected a number greater than 0 and less than 0.5, found '\(try node.string())'")
            }
            return value
        }
        let minDays = issues.value(top, "min_days") { try $0.int(in: 1...365) }
        let maxDays = issues.value(top, "max_days") { try $0.int(in: 1...365) }
        if let minDays, let maxDays, maxDays < minDays, let node = top?["max_days"] {
            issues.report(node.error("expected an integer >= min_days (\(minDays)), found '\(node.sourceText)'"))
        }
        let minEffect = issues.value(top, "min_effect") { try $0.fraction() }
        let northStar = issues.value(top, "north_star") { try $0.nonEmptyString() }
        guard issues.count == start, let test, let alpha, let minDays, let maxDays, let minEffect, let northStar else {
            return nil
        }
        return Self(test: test, alpha: alpha, minDays: minDays, maxDays: maxDays, minEffect: minEffect, northStar: northStar)
    }
}
