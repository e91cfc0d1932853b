/// The rules Kaizen runs under, read from the YAML files in `Policies/`: how much it may
/// spend, which changes need a person, when an experiment is aborted or launched, and
/// what counts as a duplicate. The loop reads them; code, never the LLM, enforces them.
public struct Policy: Sendable, Equatable {
    /// Ceilings on tokens, money, training jobs and live traffic (`budgets.yaml`).
    public var budgets: Budgets
    /// Which changes wait for a person (`approval.yaml`).
    public var approval: Approval
    /// Online limits that abort an experiment (`guardrails.yaml`).
    public var guardrails: Guardrails
    /// When an experiment's result replaces production (`launch.yaml`).
    public var launch: Launch
    /// Near-duplicate thresholds per persona (`dedup.yaml`).
    public var dedup: Dedup

    public init(budgets: Budgets, approval: Approval, guardrails: Guardrails, launch: Launch, dedup: Dedup) {
        self.budgets = budgets
        self.approval = approval
        self.guardrails = guardrails
        self.launch = launch
        self.dedup = dedup
    }

    /// The files a policy directory must contain, in the order errors are reported.
    public static let fileNames = ["budgets.yaml", "approval.yaml", "guardrails.yaml", "launch.yaml", "dedup.yaml"]

    /// The personas that propose changes; policy files may only name these.
    public static let personas = ["optimizer", "architecture", "reward"]
}
