import KaizenYAML

extension Policy.Budgets {
    /// Reads `budgets.yaml`, recording every problem in `issues`.
    static func read(_ root: YAMLNode, _ issues: inout PolicyIssues) -> Self? {
        let start = issues.count
        let top = issues.check { try root.mapping(allowed: ["llm", "money", "training", "experiments"]) }

        let llm = issues.section(top, "llm", allowed: ["tokens_per_day", "tokens_per_run", "tokens_per_round"])
        let tokensPerDay = issues.value(llm, "tokens_per_day") { try $0.int(in: 0...Int.max) }
        let tokensPerRun = issues.value(llm, "tokens_per_run") { try $0.int(in: 0...Int.max) }
        if let tokensPerDay, let tokensPerRun, tokensPerRun > tokensPerDay, let node = llm?["tokens_per_run"] {
            issues.report(node.error("expected an integer <= tokens_per_day (\(tokensPerDay)), found '\(node.sourceText)'"))
        }

        let tokensPerRound = issues.optional(llm, "tokens_per_round") { try $0.int(in: 0...Int.max) }

        let money = issues.section(top, "money", allowed: ["usd_per_day", "usd_per_run", "prices_per_1k_tokens"])
        let usdPerDay = issues.value(money, "usd_per_day") { try $0.double(in: 0...Double.greatestFiniteMagnitude) }
        let usdPerRun = issues.value(money, "usd_per_run") { try $0.double(in: 0...Double.greatestFiniteMagnitude) }
        if let usdPerDay, let usdPerRun, usdPerRun > usdPerDay, let node = money?["usd_per_run"],
           let day = money?["usd_per_day"] {
            issues.report(node.error("expected a number <= usd_per_day (\(day.sourceText)), found '\(node.sourceText)'"))
        }
        let prices = readPrices(issues.value(money, "prices_per_1k_tokens") { try $0.array() }, &issues)

        let training = issues.section(top, "training", allowed: ["jobs_per_day", "jobs_per_round"])
        let jobsPerDay = issues.value(training, "jobs_per_day") { try $0.int(in: 0...Int.max) }
        let jobsPerRound = issues.optional(training, "jobs_per_round") { try $0.int(in: 0...Int.max) }

        let experiments = issues.section(top, "experiments", allowed: ["max_concurrent", "max_traffic_fraction"])
        let maxConcurrent = issues.value(experiments, "max_concurrent") { try $0.int(in: 0...Int.max) }
        let maxTraffic = issues.value(experiments, "max_traffic_fraction") { try $0.fraction() }

        guard issues.count == start, let tokensPerDay, let tokensPerRun, let usdPerDay, let usdPerRun, let prices,
              let jobsPerDay, let maxConcurrent, let maxTraffic else { return nil }
        var budgets = Self(
            llmTokensPerDay: tokensPerDay, llmTokensPerRun: tokensPerRun, usdPerDay: usdPerDay, usdPerRun: usdPerRun,
            prices: prices, trainingJobsPerDay: jobsPerDay, maxConcurrentExperiments: maxConcurrent,
            maxExperimentTrafficFraction: maxTraffic)
        budgets.llmTokensPerRound = tokensPerRound ?? nil
        budgets.trainingJobsPerRound = jobsPerRound ?? nil
        return budgets
    }

    private static func readPrices(_ items: [YAMLNode]?, _ issues: inout PolicyIssues) -> [TokenPrice]? {
        guard let items else { return nil }
        var prices: [TokenPrice] = []
        var firstLine: [String: Int] = [:]
        for item in items {
            let entry = issues.check { try item.mapping(allowed: ["model", "prompt", "completion"]) }
            let model = issues.value(entry, "model") { try $0.nonEmptyString() }
            let prompt = issues.value(entry, "prompt") { try $0.double(in: 0...Double.greatestFiniteMagnitude) }
            let completion = issues.value(entry, "completion") { try $0.double(in: 0...Double.greatestFiniteMagnitude) }
            if let model, let node = entry?["model"] {
                if let line = firstLine[model] {
                    issues.report(node.error("duplicate model '\(model)' (first listed at line \(line))"))
                } else {
                    firstLine[model] = node.line
                }
            }
            if let model, let prompt, let completion {
                prices.append(TokenPrice(model: model, promptPer1K: prompt, completionPer1K: completion))
            }
        }
        return prices
    }
}
