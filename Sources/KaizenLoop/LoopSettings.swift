import KaizenCore

/// How long and how wide `kaizen run` goes.
public struct LoopSettings: Sendable, Equatable {
    /// Cycles to run; nil runs until stopped.
    public var cycles: Int?
    /// Personas proposed for each cycle, in order.
    public var personas: [Persona] = Persona.allCases
    /// Proposals per persona round.
    public var proposalsPerRound = 3
    /// Online steps per cycle.
    public var onlineStepsPerCycle = 1

    public init(cycles: Int? = nil) {
        self.cycles = cycles
    }
}
