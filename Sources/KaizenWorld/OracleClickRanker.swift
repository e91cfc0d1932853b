/// Ranks by the TRUE click probability: the best a click-only model could ever do. Reads
/// latent truth, so it exists for tests and tension checks only.
public struct OracleClickRanker: Ranker {
    public let world: World
    public init(world: World) { self.world = world }

    public func scores(user: Int, items: [Int]) -> [Float] {
        items.map { Float(world.latent.clickProbability(user, $0)) }
    }
}
