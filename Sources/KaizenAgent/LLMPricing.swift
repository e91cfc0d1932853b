import KaizenPolicy

/// Prices LLM tokens in US dollars as `BudgetGate` does: at the configured model's price in
/// `Policies/budgets.yaml` (`TokenPrice.cost`), so that what `kaizen status` and the report
/// show is the figure the gate enforces.
public struct LLMPricing: Sendable, Equatable {
    /// The model the workspace calls (kaizen.yaml `llm.model`, or the local model).
    public let model: String
    /// Its price; nil when budgets.yaml does not list it (the gate then refuses every call).
    public let price: Policy.Budgets.TokenPrice?

    public init(budgets: Policy.Budgets, model: String) {
        self.model = model
        self.price = budgets.price(for: model)
    }

    /// US dollars for these tokens, or nil when the model has no price: an unknown cost is
    /// shown as unknown, never as free.
    public func usd(promptTokens: Int, completionTokens: Int) -> Double? {
        price?.cost(promptTokens: promptTokens, completionTokens: completionTokens)
    }
}
