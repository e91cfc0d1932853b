/// Ranks by the TRUE expected satisfied watch seconds of an impression (click probability
/// times watch seconds times satisfaction). Reads latent truth: tests and benchmarks only.
public struct OracleSatisfactionRanker: Ranker {
    public let world: World
    public init(world: World) { self.world = world }

    public func scores(user: Int, items: [Int]) -> [Float] {
        items.map { Float(world.latent.expectedSatisfiedWatch(user, $0)) }
    }
}
