import KaizenWorld
import Synchronization

/// Small worlds shared by the suite (built once, lazily): big enough for the tension checks,
/// small enough for a debug build.
enum TestWorlds {
    static let smallConfig = WorldConfig(seed: 42, users: 2_000, items: 500, impressions: 50_000)
    static let small = World(config: smallConfig)
    /// For the determinism checks, which build several worlds.
    static let tinyConfig = WorldConfig(seed: 42, users: 600, items: 200, impressions: 12_000)
    static let tiny = World(config: tinyConfig)

    /// 14-day oracle values on `small`, computed once for the whole suite.
    static let oracleSatisfaction = small.oracleValue(of: OracleSatisfactionRanker(world: small))
    static let oracleClick = small.oracleValue(of: OracleClickRanker(world: small))
    static let oraclePopularity = small.oracleValue(of: PopularityRanker(world: small))
}

/// Ranks by latent clickbait appeal: serves users as much clickbait as their pools hold.
struct ClickbaitRanker: Ranker {
    let world: World
    func scores(user: Int, items: [Int]) -> [Float] { items.map { Float(world.latentItem($0).clickbait) } }
}

/// Counts how often it is asked, to check that the world batches its calls.
final class CountingRanker: Ranker {
    let inner: any Ranker
    let calls = Mutex(0)
    init(_ inner: any Ranker) { self.inner = inner }
    func scores(user: Int, items: [Int]) -> [Float] {
        calls.withLock { $0 += 1 }
        return inner.scores(user: user, items: items)
    }
}

func mean(_ values: [Double]) -> Double { values.isEmpty ? .nan : values.reduce(0, +) / Double(values.count) }

/// Welch's z statistic of mean(b) - mean(a).
func welchZ(_ a: [Double], _ b: [Double]) -> Double {
    func variance(_ v: [Double]) -> Double {
        let m = mean(v)
        return v.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(max(1, v.count - 1))
    }
    let se = (variance(a) / Double(a.count) + variance(b) / Double(b.count)).squareRoot()
    return (mean(b) - mean(a)) / se
}
