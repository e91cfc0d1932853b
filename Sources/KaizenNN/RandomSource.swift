/// A generator shared by reference among the layers that draw during forward (dropout), so
/// the network can reseed all of them at once.
final class RandomSource {
    var generator: SplitMix64
    init(seed: UInt64) { generator = SplitMix64(seed: seed) }
}
