import KaizenPolicy

/// How the online agent selects and runs experiments (`online.*` in kaizen.yaml).
public struct OnlineSettings: Sendable, Equatable {
    /// Candidates taken live per step, over all personas.
    public var topK = 2
    /// At most this many of them from one persona.
    public var topKPerPersona = 1
    /// Share of users in each experiment's treatment arm (as many again form its control).
    public var trafficFraction = 0.05
    /// Overrides `launch.test` for experiments started from now on.
    public var test: Policy.Launch.Test?
    /// Seeds experiment assignment in the simulated world.
    public var seed: UInt64 = 7

    public init() {}
}
