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
        if let refusal = try ceiling(since: dayStart, scope: ("today", "day"), tokens: budgets.llmTokensPerDay, usd: budgets.usdPerDay, price: price) {
            return refusal
        }
        if let runStart,
           let refusal = try ceiling(since: runStart, scope: ("in this run", "run"), tokens: budgets.llmTokensPerRun, usd: budgets.usdPerRun, price: price)
        {
            return refusal
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

    /// The token and dollar ceilings of one window (a day, a run), checked on its usage.
    private func ceiling(since: Date, scope: (text: String, key: String), tokens limit: Int, usd budget: Double, price: Policy.Budgets.TokenPrice) throws(StoreError) -> String? {
        let usage = try store.llmUsage(since: since)
        let tokens = usage.promptTokens + usage.completionTokens
        if tokens >= limit {
            return "\(tokens) LLM tokens used \(scope.text); llm.tokens_per_\(scope.key) is \(limit)"
        }
        let usd = price.cost(promptTokens: usage.promptTokens, completionTokens: usage.completionTokens)
        if usd >= budget {
            return String(format: "$%.4f spent on the LLM %@; money.usd_per_%@ is $%.2f", usd, scope.text, scope.key, budget)
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
