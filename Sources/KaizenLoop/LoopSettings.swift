import Foundation
import KaizenCore
import KaizenAgent
import KaizenPolicy
import KaizenStore

/// How long and how wide `kaizen run` goes.
public struct LoopSettings: Sendable, Equatable {
    /// Cycles to run, counting those of the run being resumed; nil runs until another limit.
    public var cycles: Int?
    /// Days the live environment may advance in this run (counting a resumed run's days).
    public var days: Int?
    /// Simulated days one online step advances (the built-in world); nil when the live
    /// environment runs on the wall clock, where `days` are calendar days since the start.
    public var daysPerStep: Int?
    /// Wall-clock limit for this process, whatever the run had done before.
    public var duration: Duration?
    /// Personas proposed for each cycle, in order.
    public var personas: [Persona] = Persona.allCases
    /// Proposals per persona round.
    public var proposalsPerRound = 3
    /// Online steps per cycle.
    public var onlineStepsPerCycle = 1
    /// Continue the newest interrupted or killed run instead of starting a new one.
    public var resume = true
    /// The ceilings of `Policies/budgets.yaml`; proposing stops (polling goes on) when one is reached.
    public var budgets: Policy.Budgets?
    /// The workspace's LLM model, whose price in budgets.yaml turns tokens into dollars.
    public var llmModel: String?
    /// Whether the proposer calls the LLM, so that an LLM budget stops proposing.
    public var proposerUsesLLM = false
    /// How often the progress snapshot is refreshed while a step runs.
    public var progressInterval: Duration = .seconds(1)

    public init(cycles: Int? = nil) {
        self.cycles = cycles
    }

    /// The settings a run stores, so that a resumed run keeps its limits.
    var json: JSONValue {
        .object([
            "cycles": cycles.map { .number(Double($0)) } ?? .null,
            "days": days.map { .number(Double($0)) } ?? .null,
            "personas": .array(personas.map { .string($0.rawValue) }),
            "proposals_per_round": .number(Double(proposalsPerRound)),
            "online_steps_per_cycle": .number(Double(onlineStepsPerCycle)),
        ])
    }

    /// Limits not given now are taken from the run being resumed.
    func resuming(_ stored: JSONValue) -> LoopSettings {
        var settings = self
        if settings.cycles == nil, let cycles = stored["cycles"]?.doubleValue { settings.cycles = Int(cycles) }
        if settings.days == nil, let days = stored["days"]?.doubleValue { settings.days = Int(days) }
        return settings
    }
}

extension LoopSettings {
    /// Spend of the run and of today, priced as the budget gate prices it; nil without budgets.
    func usage(store: Store, budgets: Policy.Budgets?, runStart: Date) throws(StoreError) -> BudgetUsage? {
        guard let budgets, let llmModel else { return nil }
        return try BudgetUsage.load(budgets: budgets, store: store, model: llmModel, runStart: runStart)
    }
}
