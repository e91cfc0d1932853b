/// Ranks by each item's smoothed train-period CTR, the same for every user: the classic
/// baseline. Uses observable logs only.
public struct PopularityRanker: Ranker {
    let ctr: [Float]
    public init(world: World) { ctr = world.trainItemCTR }

    public func scores(user: Int, items: [Int]) -> [Float] {
        items.map { ctr[$0] }
    }
}
