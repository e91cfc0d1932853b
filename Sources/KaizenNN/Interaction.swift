/// How the user and item tower outputs become one logit.
///
/// - `dot`: `<u, i> + b`, the classic two-tower score, cheapest at serving time.
/// - `concat`: an MLP head over `[u, i, u * i]` to one output, which can model
///   interactions a dot product cannot.
/// - `both`: the sum of the two logits.
public enum Interaction: String, Sendable, CaseIterable {
    case dot, concat, both

    var usesDot: Bool { self != .concat }
    var usesHead: Bool { self != .dot }
}
