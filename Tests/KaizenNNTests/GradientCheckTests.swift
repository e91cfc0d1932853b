import Testing

@testable import KaizenNN

/// Finite-difference checks of every layer's backward pass through the whole network.
///
/// The loss is `L = sum_b c_b * logit_b` with fixed random `c`, so `dL/dlogit = c` exercises
/// backward with arbitrary upstream gradients. The reference is the five-point central
/// difference `(-L(+2h) + 8 L(+h) - 8 L(-h) + L(-2h)) / 12h` on Float32 parameters, whose
/// truncation error is O(h^4): h = 1e-2 for smooth networks, 1e-3 for ReLU networks (a small
/// step rarely crosses a kink). The forward pass rounds at ~1e-7 relative (LayerNorm can
/// amplify it several-fold), which through the 1/12h quotient is ~1e-6 / h absolute, so a
/// coordinate passes when `|analytic - numeric| <= 2e-2 * max(|analytic|, |numeric|) + 1e-6 / h`.
/// A wrong backward formula (a missing term, a transposed product, a wrong derivative)
/// misses by far more: scaling one term of LayerNorm's or a GLU's backward by 0.8–0.9 fails
/// dozens of coordinates. Dropout masks are replayed by reseeding.
@Suite struct GradientCheckTests {
    static let users = 5
    static let items = 6
    static let userFeatures = 2
    static let itemFeatures = 3

    struct Case: CustomTestStringConvertible, Sendable {
        let label: String
        let spec: ArchitectureSpec
        var testDescription: String { label }
    }

    static let cases: [Case] = {
        var cases: [Case] = []
        for activation in Activation.allCases {
            cases.append(Case(label: "\(activation) dot", spec: ArchitectureSpec(embeddingDim: 3, towerWidths: [6, 4], activation: activation)))
        }
        // User input 3 + 2 = 5 wide, item input 3 + 3 = 6: residual applies to the item's first
        // layer and to both second layers.
        cases.append(Case(label: "layer norm + residual", spec: ArchitectureSpec(embeddingDim: 3, towerWidths: [6, 6], activation: .gelu, residual: true, layerNorm: true)))
        cases.append(Case(label: "residual", spec: ArchitectureSpec(embeddingDim: 3, towerWidths: [6, 6], activation: .silu, residual: true)))
        cases.append(Case(label: "layer norm", spec: ArchitectureSpec(embeddingDim: 3, towerWidths: [5], activation: .relu, layerNorm: true)))
        cases.append(Case(label: "hourglass", spec: ArchitectureSpec(embeddingDim: 3, towerWidths: [8], activation: .gelu, hourglass: true)))
        cases.append(Case(label: "hourglass swiglu", spec: ArchitectureSpec(embeddingDim: 3, towerWidths: [8], activation: .swiglu, hourglass: true)))
        cases.append(Case(label: "gated", spec: ArchitectureSpec(embeddingDim: 3, towerWidths: [6, 4], activation: .silu, gated: true)))
        cases.append(Case(label: "dropout", spec: ArchitectureSpec(embeddingDim: 3, towerWidths: [6, 6], activation: .gelu, dropout: 0.3)))
        for activation in Activation.allCases {
            cases.append(Case(label: "\(activation) concat", spec: ArchitectureSpec(embeddingDim: 3, towerWidths: [5], activation: activation, interaction: .concat)))
        }
        cases.append(Case(label: "both", spec: ArchitectureSpec(embeddingDim: 3, towerWidths: [6, 4], activation: .gelu, interaction: .both)))
        cases.append(Case(label: "everything", spec: ArchitectureSpec(
            embeddingDim: 3, towerWidths: [6, 6], activation: .geglu, residual: true, hourglass: true,
            gated: true, layerNorm: true, dropout: 0.2, interaction: .both)))
        return cases
    }()

    static func batch(seed: UInt64) -> Batch {
        var rng = TestRandom(seed)
        let n = 7
        // Repeated ids check that embedding gradients accumulate.
        let users: [Int32] = [0, 1, 1, 3, 4, 0, 1]
        let items: [Int32] = (0..<n).map { _ in Int32(rng.int(Self.items)) }
        let userDense = (0..<(n * userFeatures)).map { _ in Float(rng.gaussian()) }
        let itemDense = (0..<(n * itemFeatures)).map { _ in Float(rng.gaussian()) }
        return Batch(users: users, items: items, userDense: userDense, itemDense: itemDense)
    }

    @Test(arguments: cases)
    func backwardMatchesFiniteDifferences(_ testCase: Case) {
        let network = RankingNetwork(
            architecture: testCase.spec, users: Self.users, items: Self.items,
            userFeatureCount: Self.userFeatures, itemFeatureCount: Self.itemFeatures, seed: 11)
        let batch = Self.batch(seed: 5)
        var rng = TestRandom(99)
        let coefficients = (0..<batch.count).map { _ in Float(rng.gaussian()) }
        func loss() -> Double {
            network.reseedDropout(1234)
            let logits = network.forward(batch, training: true)
            var sum = 0.0
            for (c, z) in zip(coefficients, logits) { sum += Double(c) * Double(z) }
            return sum
        }
        network.zeroGradients()
        network.reseedDropout(1234)
        _ = network.forward(batch, training: true)
        network.backward(coefficients)

        // ReLU's kinks call for a small step; smooth networks afford a larger one, which
        // shrinks the rounding noise and so the absolute floor.
        let usesReLU = testCase.spec.activation == .relu
        let h: Float = usesReLU ? 1e-3 : 1e-2
        let floor = 1e-6 / Double(h)
        var checked = 0
        var informative = 0
        let usedRows: [String: [Int]] = [
            "user.embedding": Array(Set(batch.users.map(Int.init))).sorted(),
            "item.embedding": Array(Set(batch.items.map(Int.init))).sorted(),
        ]
        for parameter in network.parameters {
            var coordinates: [Int] = []
            if let rows = usedRows[parameter.name] {
                for _ in 0..<4 { coordinates.append(rows[rng.int(rows.count)] * parameter.columns + rng.int(parameter.columns)) }
                // Rows the batch did not use get no gradient.
                for row in 0..<parameter.rows where !rows.contains(row) {
                    for col in 0..<parameter.columns { #expect(parameter.gradient[row * parameter.columns + col] == 0) }
                }
            } else {
                for _ in 0..<min(4, parameter.count) { coordinates.append(rng.int(parameter.count)) }
            }
            for k in coordinates {
                let analytic = Double(parameter.gradient[k])
                let original = parameter.value[k]
                func shifted(_ offset: Float) -> Double {
                    parameter.value[k] = original + offset
                    return loss()
                }
                let numeric = (-shifted(2 * h) + 8 * shifted(h) - 8 * shifted(-h) + shifted(-2 * h)) / (12 * Double(h))
                parameter.value[k] = original
                let tolerance = 2e-2 * max(abs(analytic), abs(numeric)) + floor
                #expect(abs(analytic - numeric) <= tolerance, "\(testCase.label): \(parameter.name)[\(k)] analytic \(analytic) numeric \(numeric)")
                checked += 1
                if abs(numeric) > 3 * floor { informative += 1 }
            }
        }
        // Guard against a vacuous pass (say, every unit dead): most checked coordinates matter.
        #expect(informative * 2 >= checked, "\(testCase.label): only \(informative) of \(checked) coordinates had a gradient")
    }

    @Test func everyFeatureContributesParameters() {
        let everything = Self.cases.last!.spec
        let network = RankingNetwork(architecture: everything, users: 5, items: 6, userFeatureCount: 2, itemFeatureCount: 3, seed: 1)
        let names = network.parameters.map(\.name)
        for fragment in ["embedding", "layer0.linear", "layer1.norm", "hourglass.down", "hourglass.up", "gate", "output", "head.hidden", "head.output"] {
            #expect(names.contains { $0.contains(fragment) }, "no parameter named like \(fragment): \(names)")
        }
    }

    @Test func binaryCrossEntropyGradientMatchesFiniteDifferences() {
        var rng = TestRandom(3)
        let n = 9
        let logits = (0..<n).map { _ in Float(rng.gaussian() * 3) }
        let targets = (0..<n).map { _ in Float(rng.uniform()) }
        let weights = (0..<n).map { _ in Float(rng.uniform() * 2) }
        for w in [nil, weights] {
            let (_, gradient) = Loss.binaryCrossEntropy(logits: logits, targets: targets, weights: w)
            for k in 0..<n {
                var plus = logits, minus = logits
                plus[k] += 1e-2
                minus[k] -= 1e-2
                let numeric = Double(Loss.binaryCrossEntropy(logits: plus, targets: targets, weights: w).loss
                    - Loss.binaryCrossEntropy(logits: minus, targets: targets, weights: w).loss) / 2e-2
                #expect(abs(Double(gradient[k]) - numeric) <= 2e-2 * abs(numeric) + 1e-4, "dlogit[\(k)]: \(gradient[k]) vs \(numeric)")
            }
        }
    }
}
