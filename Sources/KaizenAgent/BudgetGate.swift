import Foundation
import KaizenPolicy
import KaizenStore

/// Enforces `Policies/budgets.yaml` before work starts, counting from the store so that
/// usage by earlier processes today counts too.
public struct BudgetGate: Sendable {
    public let budgets: Policy.Budgets
    public let store: Store
    /// When the `kaizen run` this work belongs to started; nil outside a run, where the
    /// per-run ceilings do not apply.
    public let runStart: Date?
    /// Start of the current UTC day, from the injected clock.
    let now: @Sendable () -> Date

    public init(budgets: Policy.Budgets, store: Store, runStart: Date? = nil, now: @escaping @Sendable () -> Date = { Date() }) {
        self.budgets = budgets
        self.store = store
        self.runStart = runStart
        self.now = now
    }

    var dayStart: Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.startOfDay(for: now())
    }

    /// Why no more LLM calls may be made now, or nil. Usage is counted from `llm_calls`, so
    /// failed and rejected replies count too; `roundStart` bounds this round's share.
    public func llmRefusal(model: String, roundStart: Date) throws(StoreError) -> String? {
        guard let price = budgets.price(for: model) else {
            return "model \(model) has no price in budgets.yaml (money.prices_per_1k_tokens), so its cost is unknown"
        }
        let usage = try store.llmUsage(since: dayStart)
        let tokens = usage.promptTokens + usage.completionTokens
        if tokens >= budgets.llmTokensPerDay {
            return "\(tokens) LLM tokens used today; llm.tokens_per_day is \(budgets.llmTokensPerDay)"
        }
        let usd = price.cost(promptTokens: usage.promptTokens, completionTokens: usage.completionTokens)
        if usd >= budgets.usdPerDay {
            return String(format: "$%.4f spent on the LLM today; money.usd_per_day is $%.2f", usd, budgets.usdPerDay)
        }
        if let runStart {
            let spend = try spend(runStart: runStart)
            if spend.runTokens >= budgets.llmTokensPerRun {
                return "\(spend.runTokens) LLM tokens used in this run; llm.tokens_per_run is \(budgets.llmTokensPerRun)"
            }
            if spend.runUSD >= budgets.usdPerRun {
                return String(format: "$%.4f spent on the LLM in this run; money.usd_per_run is $%.2f", spend.runUSD, budgets.usdPerRun)
            }
        }
        if let perRound = budgets.llmTokensPerRound {
            let round = try store.llmUsage(since: roundStart)
            let roundTokens = round.promptTokens + round.completionTokens
            guard roundTokens < perRound else {
                return "\(roundTokens) LLM tokens used in this round; llm.tokens_per_round is \(perRound)"
            }
        }
        return nil
    }

    /// Why no more training jobs may start now, or nil. `roundJobs` started in this round.
    public func trainingRefusal(roundJobs: Int) throws(StoreError) -> String? {
        let today = try store.transitionCount(to: .training, since: dayStart)
        if today >= budgets.trainingJobsPerDay {
            return "\(today) training jobs started today; training.jobs_per_day is \(budgets.trainingJobsPerDay)"
        }
        if let perRound = budgets.trainingJobsPerRound, roundJobs >= perRound {
            return "\(roundJobs) training jobs started in this round; training.jobs_per_round is \(perRound)"
        }
        return nil
    }

    /// Tokens and dollars since `runStart` and since the start of today (UTC), each model
    /// priced at its own rate; a model without a price counts its tokens but no dollars
    /// (calls to it are refused before they are made, so only old rows can lack one).
    public func spend(runStart: Date) throws(StoreError) -> Spend {
        func total(_ usage: [String: LLMUsage]) -> (Int, Double) {
            usage.reduce((0, 0.0)) { sum, entry in
                let (model, u) = entry
                let usd = budgets.cost(model: model, promptTokens: u.promptTokens, completionTokens: u.completionTokens) ?? 0
                return (sum.0 + u.promptTokens + u.completionTokens, sum.1 + usd)
            }
        }
        let run = total(try store.llmUsageByModel(since: runStart))
        let today = total(try store.llmUsageByModel(since: dayStart))
        return Spend(runTokens: run.0, runUSD: run.1, todayTokens: today.0, todayUSD: today.1)
    }

    /// LLM spend of a run and of today.
    public struct Spend: Sendable, Equatable {
        public var runTokens: Int
        public var runUSD: Double
        public var todayTokens: Int
        public var todayUSD: Double
    }
}
