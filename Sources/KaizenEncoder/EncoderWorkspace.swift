/// Scratch memory for one `encode` call, sized once for its largest batch and reused by
/// every batch and layer, so the forward pass allocates nothing per token or per layer.
/// Each worker (core) has its own attention-score and row-block buffers.
final class EncoderWorkspace {
    /// `[T, H]` hidden states, updated in place layer by layer.
    let hidden: FloatStorage
    /// `[T, 3H]` queries, keys and values.
    let queryKeyValue: FloatStorage
    /// `[T, H]` attention output before its projection.
    let context: FloatStorage
    /// Per worker: `[L, L]` attention weights (unnormalized) and `[L]` their row sums' inverses.
    let scores: [FloatStorage]
    let inverseSums: [FloatStorage]
    /// Per worker: `[blockRows, H]` projection outputs and `[blockRows, I]` FFN activations.
    let blockOutput: [FloatStorage]
    let blockIntermediate: [FloatStorage]
    let tokenCapacity: Int
    let sequenceCapacity: Int

    /// Rows of one FFN block: large enough that OpenBLAS's packing of the weights (redone on
    /// every call) is a small fraction of the product (at 128 rows it was 10% of the time),
    /// small enough that the `[rows, I]` activations of both workers stay in L3 cache.
    static let blockRows = 1024

    init(configuration c: BertConfiguration, tokens: Int, longestSequence: Int, workers: Int) {
        tokenCapacity = tokens
        sequenceCapacity = longestSequence
        hidden = FloatStorage(count: tokens * c.hiddenSize)
        queryKeyValue = FloatStorage(count: tokens * 3 * c.hiddenSize)
        context = FloatStorage(count: tokens * c.hiddenSize)
        scores = (0..<workers).map { _ in FloatStorage(count: longestSequence * longestSequence) }
        inverseSums = (0..<workers).map { _ in FloatStorage(count: longestSequence) }
        let block = min(Self.blockRows, max(1, tokens))
        blockOutput = (0..<workers).map { _ in FloatStorage(count: block * c.hiddenSize) }
        blockIntermediate = (0..<workers).map { _ in FloatStorage(count: block * c.intermediateSize) }
    }
}
