/// The nonlinearity of the tower's hidden layers (and of the hourglass and concat head).
///
/// `swiglu` and `geglu` are gated linear units: the layer's Linear produces twice the width,
/// the first half is the value and the second the gate, and the output is
/// `value * silu(gate)` or `value * gelu(gate)` (Shazeer 2020). They cost twice the matrix
/// work of the plain activations, which `RankingNetwork.flopsPerExample` reflects.
public enum Activation: String, Sendable, CaseIterable {
    case relu, gelu, silu, swiglu, geglu

    /// Whether a Linear feeding this activation must produce `2 * width` outputs.
    var isGated: Bool { self == .swiglu || self == .geglu }
}
