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
            let run = try store.llmUsage(since: runStart)
            let runTokens = run.promptTokens + run.completionTokens
            if runTokens >= budgets.llmTokensPerRun {
                return "\(runTokens) LLM tokens used in this run; llm.tokens_per_run is \(budgets.llmTokensPerRun)"
            }
            let runUSD = price.cost(promptTokens: run.promptTokens, completionTokens: run.completionTokens)
            if runUSD >= budgets.usdPerRun {
                return String(format: "$%.4f spent on the LLM in this run; money.usd_per_run is $%.2f", runUSD, budgets.usdPerRun)
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
}
