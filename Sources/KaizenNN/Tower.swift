/// One side of the two-tower model: an embedding row concatenated with dense features, then
/// the hidden layers, the optional hourglass and gated path, and a final projection to the
/// common output width.
final class Tower {
    let embedding: Parameter
    let denseWidth: Int
    let body: Sequential
    /// This tower's own dropout stream, so the two towers can run on two threads.
    let dropoutRandom: RandomSource
    private let input = FloatBuffer()
    /// The ids of the last training forward, for the embedding gradient.
    private var ids: [Int32] = []
    /// The last forward's output (`count × outputWidth`), valid until the next forward.
    private(set) var output: UnsafeMutablePointer<Float>?

    var embeddingDim: Int { embedding.columns }
    var outputWidth: Int { body.outputWidth }
    var parameters: [Parameter] { [embedding] + body.parameters }
    var flopsPerExample: Int { body.flopsPerExample }

    /// Embedding rows start small (`N(0, 0.05^2)`) so the dense features, not random ids,
    /// dominate the first steps; Linear layers before a pointwise activation get He init,
    /// all others (GLU, gate, projections) Xavier.
    static let embeddingStd = 0.05

    init(name: String, rows: Int, denseWidth: Int, architecture spec: ArchitectureSpec, dropoutSeed: UInt64, rng: inout SplitMix64) {
        precondition(rows > 0, "\(name): needs at least one row")
        precondition(spec.embeddingDim > 0 && !spec.towerWidths.isEmpty && spec.towerWidths.allSatisfy { $0 > 0 }, "\(name): bad sizes")
        embedding = Parameter(name: "\(name).embedding", rows: rows, columns: spec.embeddingDim, sparse: true)
        embedding.initializeNormal(std: Tower.embeddingStd, rng: &rng)
        self.denseWidth = denseWidth
        let dropoutRandom = RandomSource(seed: dropoutSeed)
        self.dropoutRandom = dropoutRandom

        let activation = spec.activation
        let hiddenInit: Linear.Initialization = activation.isGated ? .xavier : .he
        let factor = activation.isGated ? 2 : 1
        var modules: [any Module] = []
        var width = spec.embeddingDim + denseWidth
        for (index, hidden) in spec.towerWidths.enumerated() {
            let prefix = "\(name).layer\(index)"
            var layer: [any Module] = [
                Linear(name: "\(prefix).linear", inputWidth: width, outputWidth: factor * hidden, initialization: hiddenInit, rng: &rng),
                ActivationLayer(activation, width: hidden),
            ]
            if spec.layerNorm { layer.append(LayerNorm(name: "\(prefix).norm", width: hidden)) }
            if spec.dropout > 0 { layer.append(Dropout(width: hidden, rate: spec.dropout, random: dropoutRandom)) }
            let block = Sequential(layer, inputWidth: width)
            modules.append(spec.residual && width == hidden ? Residual(block) : block)
            width = hidden
        }
        if spec.hourglass {
            let narrow = max(1, width / 4)
            let block = Sequential([
                Linear(name: "\(name).hourglass.down", inputWidth: width, outputWidth: factor * narrow, initialization: hiddenInit, rng: &rng),
                ActivationLayer(activation, width: narrow),
                Linear(name: "\(name).hourglass.up", inputWidth: narrow, outputWidth: width, initialization: .xavier, rng: &rng),
            ], inputWidth: width)
            modules.append(Residual(block))
        }
        if spec.gated {
            modules.append(Linear(name: "\(name).gate", inputWidth: width, outputWidth: 2 * width, initialization: .xavier, rng: &rng))
            modules.append(ActivationLayer(kind: .sigmoidGate, width: width))
        }
        let outputWidth = spec.towerWidths.last!
        modules.append(Linear(name: "\(name).output", inputWidth: width, outputWidth: outputWidth, initialization: .xavier, rng: &rng))
        body = Sequential(modules, inputWidth: spec.embeddingDim + denseWidth)
    }

    /// Gathers `[embedding[id], dense]` rows and runs the body.
    func forward(ids: [Int32], dense: [Float], count: Int, training: Bool) -> UnsafeMutablePointer<Float> {
        let dim = embeddingDim
        let dw = denseWidth
        let width = dim &+ dw
        precondition(ids.count >= count, "\(embedding.name): \(ids.count) ids for \(count) examples")
        precondition(dense.count == count &* dw, "\(embedding.name): dense features hold \(dense.count) values, expected \(count) × \(dw)")
        let x = input.reserve(count &* width)
        let table = embedding.value
        let rows = embedding.rows
        ids.withUnsafeBufferPointer { idp in
            dense.withUnsafeBufferPointer { dp in
                for row in 0..<count {
                    let id = Int(idp[row])
                    precondition(id >= 0 && id < rows, "\(embedding.name): id \(id) outside 0..<\(rows)")
                    let o = x + row &* width
                    o.update(from: table + id &* dim, count: dim)
                    if dw > 0 { (o + dim).update(from: dp.baseAddress! + row &* dw, count: dw) }
                }
            }
        }
        if training { self.ids = ids }
        let y = body.forward(x, count: count, training: training)
        output = y
        return y
    }

    /// Backpropagates through the body and scatters the embedding columns into the table's
    /// gradient, marking the rows touched.
    func backward(_ dOutput: UnsafeMutablePointer<Float>, count: Int) {
        let dx = body.backward(dOutput, count: count)
        let dim = embeddingDim
        let width = dim &+ denseWidth
        let grad = embedding.gradient
        ids.withUnsafeBufferPointer { idp in
            for row in 0..<count {
                let id = Int(idp[row])
                embedding.touch(row: id)
                let g = grad + id &* dim
                let d = dx + row &* width
                for j in 0..<dim { g[j] += d[j] }
            }
        }
    }
}
