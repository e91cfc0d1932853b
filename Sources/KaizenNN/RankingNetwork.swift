/// The built-in ranking model: user and item embedding tables, one tower per side, and the
/// interaction from `ArchitectureSpec`, with hand-written forward and backward passes.
///
/// Layout: user tower input `[user_emb, userDense]`, item tower input `[item_emb, itemDense]`;
/// each tower is its hidden layers (Linear, activation, optional LayerNorm, dropout,
/// residual), the optional hourglass and gated path, then a Linear to the last tower width
/// `O`. `dot` scores `<u, i> + b`; `concat` runs a head `Linear(3O -> O), activation,
/// Linear(O -> 1)` over `[u, i, u * i]`; `both` adds the two.
///
/// Not thread-safe: a network holds its activations between `forward` and `backward`, so it
/// belongs to one training run on one thread at a time (hence `@unchecked Sendable`: it may
/// be handed to another task, not shared by two). Internally it uses both cores: the user and
/// item towers run concurrently (forward and backward) for batches of 32 or more, with
/// OpenBLAS set (process-wide) to one thread per call, which beats OpenBLAS's own threading
/// on these small matrices. Buffers grow to the largest batch seen and are reused; scoring a
/// large evaluation set in chunks keeps that memory small.
public final class RankingNetwork: @unchecked Sendable {
    public let architecture: ArchitectureSpec
    public let users: Int
    public let items: Int
    public let userFeatureCount: Int
    public let itemFeatureCount: Int

    let userTower: Tower
    let itemTower: Tower
    /// The concat head (nil for `dot`).
    let head: Sequential?
    /// The dot interaction's logit bias (nil for `concat` and `both`, where the head's last
    /// Linear has one).
    let bias: Parameter?
    /// Every trainable tensor, in a fixed order (the optimizer's and the tests').
    let parameters: [Parameter]

    let headInput = FloatBuffer()
    let headOutputGradient = FloatBuffer()
    let userGradient = FloatBuffer()
    let itemGradient = FloatBuffer()
    var userOutput: UnsafeMutablePointer<Float>?
    var itemOutput: UnsafeMutablePointer<Float>?
    /// Examples of the last training forward; 0 when there is nothing to backpropagate.
    var pendingCount = 0

    public init(architecture: ArchitectureSpec, users: Int, items: Int, userFeatureCount: Int, itemFeatureCount: Int, seed: UInt64) {
        precondition(userFeatureCount >= 0 && itemFeatureCount >= 0, "negative feature count")
        self.architecture = architecture
        self.users = users
        self.items = items
        self.userFeatureCount = userFeatureCount
        self.itemFeatureCount = itemFeatureCount
        var rng = SplitMix64(seed: seed)
        userTower = Tower(name: "user", rows: users, denseWidth: userFeatureCount, architecture: architecture, dropoutSeed: seed ^ 0xD809_0A7D_5EED_0001, rng: &rng)
        itemTower = Tower(name: "item", rows: items, denseWidth: itemFeatureCount, architecture: architecture, dropoutSeed: seed ^ 0xD809_0A7D_5EED_0002, rng: &rng)
        if Parallel.isAvailable { BLASThreads.useOnePerCaller() }
        let width = userTower.outputWidth
        if architecture.interaction.usesHead {
            let gated = architecture.activation.isGated
            head = Sequential([
                Linear(name: "head.hidden", inputWidth: 3 * width, outputWidth: (gated ? 2 : 1) * width, initialization: gated ? .xavier : .he, rng: &rng),
                ActivationLayer(architecture.activation, width: width),
                Linear(name: "head.output", inputWidth: width, outputWidth: 1, initialization: .xavier, rng: &rng),
            ], inputWidth: 3 * width)
        } else {
            head = nil
        }
        bias = architecture.interaction == .dot ? Parameter(name: "bias", rows: 1, columns: 1) : nil
        var all = userTower.parameters + itemTower.parameters
        if let head { all += head.parameters }
        if let bias { all.append(bias) }
        parameters = all
    }

    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.count } }

    /// Multiply-adds × 2 of the matrix products (and the dot product) that score one
    /// (user, item) pair: both towers plus the interaction. Pointwise work (activations,
    /// LayerNorm) is not counted.
    public var flopsPerExample: Int {
        var flops = userTower.flopsPerExample + itemTower.flopsPerExample
        if architecture.interaction.usesDot { flops += 2 * userTower.outputWidth }
        if let head { flops += head.flopsPerExample }
        return flops
    }

    public func zeroGradients() {
        for parameter in parameters { parameter.zeroGradient() }
    }

    /// Restarts the dropout mask stream, so two forwards draw the same masks (gradient checks).
    func reseedDropout(_ seed: UInt64) {
        userTower.dropoutRandom.generator = SplitMix64(seed: seed)
        itemTower.dropoutRandom.generator = SplitMix64(seed: seed ^ 1)
    }
}
