import Foundation
import KaizenPolicy
import KaizenStore

/// What has been spent against `Policies/budgets.yaml`, counted from the store exactly as
/// `BudgetGate` counts it (UTC day, `llm_calls`, transitions to `training`), so that
/// `kaizen status` shows how close the gate is to refusing work.
public struct BudgetUsage: Sendable {
    public var budgets: Policy.Budgets
    public var pricing: LLMPricing
    /// LLM calls since the start of the UTC day.
    public var today: LLMUsage
    /// Training jobs started since the start of the UTC day.
    public var trainingJobsToday: Int
    /// LLM calls since `runStart`, when one was given (a run in progress).
    public var run: LLMUsage?

    public var tokensToday: Int { today.promptTokens + today.completionTokens }
    /// nil when the configured model has no price.
    public var usdToday: Double? { pricing.usd(promptTokens: today.promptTokens, completionTokens: today.completionTokens) }
    public var tokensThisRun: Int? { run.map { $0.promptTokens + $0.completionTokens } }
    public var usdThisRun: Double? { run.flatMap { pricing.usd(promptTokens: $0.promptTokens, completionTokens: $0.completionTokens) } }

    public static func load(
        budgets: Policy.Budgets, store: Store, model: String, runStart: Date? = nil, now: @escaping @Sendable () -> Date = { Date() }
    ) throws(StoreError) -> BudgetUsage {
        let dayStart = BudgetGate(budgets: budgets, store: store, now: now).dayStart
        var run: LLMUsage?
        if let runStart { run = try store.llmUsage(since: runStart) }
        return BudgetUsage(
            budgets: budgets, pricing: LLMPricing(budgets: budgets, model: model),
            today: try store.llmUsage(since: dayStart),
            trainingJobsToday: try store.transitionCount(to: .training, since: dayStart), run: run)
    }
}
