/// The architecture persona's search space made concrete: what `RankingNetwork` builds.
///
/// Ranges in the comments are the search space's; `RankingNetwork` only requires positive
/// sizes and a dropout rate in `0..<1`, so tests can build tiny networks.
public struct ArchitectureSpec: Sendable, Equatable {
    /// Width of the user and item embedding rows (4...128).
    public var embeddingDim: Int
    /// Hidden layer widths of each tower (1–4 layers, each 4...512). The last one is also
    /// the towers' common output width.
    public var towerWidths: [Int]
    public var activation: Activation
    /// `x + layer(x)` around hidden layers whose input and output widths are equal.
    public var residual: Bool
    /// A wide-narrow-wide bottleneck `x + Linear(act(Linear(x)))` (width → width/4 → width)
    /// after the hidden layers. It is always residual, like a ResNet bottleneck, so that it
    /// can refine the representation without squeezing all of it through width/4.
    public var hourglass: Bool
    /// A gated path on the tower output: `(W_v x + b_v) * sigmoid(W_g x + b_g)`.
    public var gated: Bool
    /// LayerNorm (learned gain and bias) after each hidden layer's activation.
    public var layerNorm: Bool
    /// Inverted dropout rate after each hidden layer (0...0.5), training only.
    public var dropout: Float
    public var interaction: Interaction

    public init(
        embeddingDim: Int = 16,
        towerWidths: [Int] = [64, 32],
        activation: Activation = .relu,
        residual: Bool = false,
        hourglass: Bool = false,
        gated: Bool = false,
        layerNorm: Bool = false,
        dropout: Float = 0,
        interaction: Interaction = .dot
    ) {
        self.embeddingDim = embeddingDim
        self.towerWidths = towerWidths
        self.activation = activation
        self.residual = residual
        self.hourglass = hourglass
        self.gated = gated
        self.layerNorm = layerNorm
        self.dropout = dropout
        self.interaction = interaction
    }
}
