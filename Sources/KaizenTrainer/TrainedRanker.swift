import KaizenNN
import KaizenWorld
import Synchronization

/// A trained network served as a `Ranker`. The network is not thread-safe, so scoring is
/// serialized by a lock; the world calls it from one simulation thread anyway.
public final class TrainedRanker: Ranker, Sendable {
    private let network: Mutex<RankingNetworkBox>
    private let batches: BatchSource

    init(network: RankingNetwork, batches: BatchSource) {
        self.network = Mutex(RankingNetworkBox(network: network))
        self.batches = batches
    }

    public func scores(user: Int, items: [Int]) -> [Float] {
        let batch = batches.pairs(users: [Int32](repeating: Int32(user), count: items.count), items: items.map { Int32($0) })
        return network.withLock { $0.network.forward(batch, training: false) }
    }
}

struct RankingNetworkBox: @unchecked Sendable {
    let network: RankingNetwork
}
