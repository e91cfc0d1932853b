/// The BERT forward pass over a packed batch, ending in mean pooling and L2 normalization:
/// embeddings (word + position + token type 0, LayerNorm), then per layer multi-head
/// self-attention and a GELU feed-forward block, each followed by residual + LayerNorm
/// (post-LN, as BERT). Float32 throughout; every matrix product is one `cblas_sgemm`.
///
/// Work is split across cores in two kinds of parallel region per layer: attention, by
/// (sequence, head) pairs, and everything row-local (output projection, both LayerNorms,
/// the FFN, and the next layer's query/key/value projection), by row ranges; a batch too
/// short for row ranges (one query) splits each of those products by output columns instead.
struct BertEncoder: Sendable {
    let weights: BertWeights

    /// The pooled, unit-length embedding of each sequence in `batch`, in order.
    func encode(_ batch: PackedBatch, workspace: EncoderWorkspace) -> [[Float]] {
        let c = weights.configuration
        let h = c.hiddenSize, d = c.headSize
        let tokens = batch.tokenCount
        precondition(tokens <= workspace.tokenCapacity && batch.longestSequence <= workspace.sequenceCapacity)
        guard tokens > 0 else { return Array(repeating: [Float](repeating: 0, count: h), count: batch.sequenceCount) }
        let workers = workspace.scores.count
        // Below ~32 rows per part, splitting rows costs more than it saves; a batch that
        // short (one query: ~20 tokens) splits each product's columns across the cores instead.
        let rowParts = max(1, min(workers, tokens / 32))
        let columnParts = rowParts == 1 ? workers : 1
        let hidden = workspace.hidden.pointer, qkv = workspace.queryKeyValue.pointer, context = workspace.context.pointer

        batch.tokenIDs.withUnsafeBufferPointer { ids in
            batch.positions.withUnsafeBufferPointer { positions in
                WorkSplit.run(parts: rowParts) { part in
                    let rows = WorkSplit.range(tokens, part: part, of: rowParts)
                    embed(rows: rows, ids: ids, positions: positions, into: hidden)
                    projectQueryKeyValue(rows: rows, layer: weights.layers[0], hidden: hidden, into: qkv, columnParts: columnParts)
                }
            }
        }

        let tasks = attentionTasks(batch, workers: workers)
        let scale = 1 / Float(d).squareRoot()
        for (index, layer) in weights.layers.enumerated() {
            WorkSplit.run(parts: tasks.count) { worker in
                let scores = workspace.scores[worker].pointer, inverseSums = workspace.inverseSums[worker].pointer
                for (sequence, head) in tasks[worker] {
                    attend(
                        batch: batch, sequence: sequence, head: head, scale: scale, qkv: qkv,
                        scores: scores, inverseSums: inverseSums, into: context)
                }
            }
            let next = index + 1 < weights.layers.count ? weights.layers[index + 1] : nil
            WorkSplit.run(parts: rowParts) { part in
                let rows = WorkSplit.range(tokens, part: part, of: rowParts)
                feedForward(rows: rows, layer: layer, workspace: workspace, worker: part, columnParts: columnParts)
                if let next { projectQueryKeyValue(rows: rows, layer: next, hidden: hidden, into: qkv, columnParts: columnParts) }
            }
        }
        return pool(batch, hidden: hidden)
    }

    /// `hidden[r] = LayerNorm(word[id] + position[p] + tokenType[0])`.
    private func embed(rows: Range<Int>, ids: UnsafeBufferPointer<Int32>, positions: UnsafeBufferPointer<Int32>, into hidden: UnsafeMutablePointer<Float>) {
        let h = weights.configuration.hiddenSize
        let word = weights.wordEmbeddings.pointer, position = weights.positionEmbeddings.pointer
        let tokenType = weights.tokenTypeEmbeddings.pointer
        let vectorEnd = h & ~7
        for row in rows {
            let out = hidden + row &* h
            let w = word + Int(ids[row]) &* h, p = position + Int(positions[row]) &* h
            var j = 0
            while j < vectorEnd {
                EncoderMath.store(EncoderMath.load(w + j) + EncoderMath.load(p + j) + EncoderMath.load(tokenType + j), out + j)
                j &+= 8
            }
            while j < h {
                out[j] = w[j] + p[j] + tokenType[j]
                j &+= 1
            }
        }
        EncoderMath.residualLayerNorm(
            input: nil, out: hidden + rows.lowerBound &* h, count: rows.count, width: h,
            gain: weights.embeddingNormGain.pointer, shift: weights.embeddingNormBias.pointer,
            epsilon: weights.configuration.layerNormEpsilon)
    }

    /// `qkv[r] = hidden[r] * Wqkv^T + bqkv` for the rows.
    private func projectQueryKeyValue(rows: Range<Int>, layer: BertWeights.Layer, hidden: UnsafeMutablePointer<Float>, into qkv: UnsafeMutablePointer<Float>, columnParts: Int) {
        let h = weights.configuration.hiddenSize
        let out = qkv + rows.lowerBound &* 3 &* h
        EncoderMath.fillRows(out, count: rows.count, width: 3 * h, stride: 3 * h, with: layer.queryKeyValueBias.pointer)
        Self.multiplyByColumns(
            parts: columnParts, m: rows.count, n: 3 * h, k: h, a: hidden + rows.lowerBound &* h, lda: h,
            b: layer.queryKeyValueWeight.pointer, ldb: h, c: out, ldc: 3 * h)
    }

    /// `C += A * B^T` (B a PyTorch `[out, in]` weight) with C's columns, B's rows, cut into
    /// `parts` ranges done concurrently, so a few rows still keep every core busy.
    private static func multiplyByColumns(
        parts: Int, m: Int, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        let parts = max(1, min(parts, n / 64))
        WorkSplit.run(parts: parts) { part in
            // Ranges in multiples of 16 columns keep BLAS on its aligned kernels.
            let blocks = WorkSplit.range((n + 15) / 16, part: part, of: parts)
            let columns = (blocks.lowerBound * 16)..<min(n, blocks.upperBound * 16)
            guard !columns.isEmpty else { return }
            Sgemm.multiply(
                m: m, n: columns.count, k: k, a: a, lda: lda, b: b + columns.lowerBound &* ldb, ldb: ldb,
                transposeB: true, beta: 1, c: c + columns.lowerBound, ldc: ldc)
        }
    }

    /// One head of one sequence: `context = softmax(Q K^T / sqrt(d)) V`, the softmax's division
    /// applied to the `[L, d]` product rather than the `[L, L]` weights. The sequence's rows
    /// are all real tokens, so no mask is needed.
    private func attend(
        batch: PackedBatch, sequence: Int, head: Int, scale: Float,
        qkv: UnsafeMutablePointer<Float>, scores: UnsafeMutablePointer<Float>, inverseSums: UnsafeMutablePointer<Float>,
        into context: UnsafeMutablePointer<Float>
    ) {
        let h = weights.configuration.hiddenSize, d = weights.configuration.headSize
        let start = batch.starts[sequence], length = batch.starts[sequence + 1] - start
        let query = qkv + start &* 3 &* h + head &* d
        Sgemm.multiply(
            m: length, n: length, k: d, alpha: scale, a: query, lda: 3 * h,
            b: query + h, ldb: 3 * h, transposeB: true, c: scores, ldc: length)
        for row in 0..<length { inverseSums[row] = 1 / EncoderMath.exponentiate(scores + row &* length, count: length) }
        let out = context + start &* h + head &* d
        Sgemm.multiply(
            m: length, n: d, k: length, a: scores, lda: length,
            b: query + 2 &* h, ldb: 3 * h, transposeB: false, c: out, ldc: h)
        for row in 0..<length { EncoderMath.scale(out + row &* h, count: d, by: inverseSums[row]) }
    }

    /// Attention output projection + residual + LayerNorm, then the GELU feed-forward block
    /// + residual + LayerNorm, in blocks of rows so the FFN activations stay in cache.
    private func feedForward(rows: Range<Int>, layer: BertWeights.Layer, workspace: EncoderWorkspace, worker: Int, columnParts: Int) {
        let c = weights.configuration
        let h = c.hiddenSize, i = c.intermediateSize
        let output = workspace.blockOutput[worker].pointer, intermediate = workspace.blockIntermediate[worker].pointer
        var first = rows.lowerBound
        while first < rows.upperBound {
            let count = min(EncoderWorkspace.blockRows, rows.upperBound - first)
            let x = workspace.hidden.pointer + first &* h
            EncoderMath.fillRows(output, count: count, width: h, stride: h, with: layer.attentionOutputBias.pointer)
            Self.multiplyByColumns(
                parts: columnParts, m: count, n: h, k: h, a: workspace.context.pointer + first &* h, lda: h,
                b: layer.attentionOutputWeight.pointer, ldb: h, c: output, ldc: h)
            EncoderMath.residualLayerNorm(
                input: output, out: x, count: count, width: h,
                gain: layer.attentionNormGain.pointer, shift: layer.attentionNormBias.pointer, epsilon: c.layerNormEpsilon)
            EncoderMath.fillRows(intermediate, count: count, width: i, stride: i, with: layer.intermediateBias.pointer)
            Self.multiplyByColumns(
                parts: columnParts, m: count, n: i, k: h, a: x, lda: h,
                b: layer.intermediateWeight.pointer, ldb: h, c: intermediate, ldc: i)
            EncoderMath.gelu(intermediate, count: count, width: i)
            EncoderMath.fillRows(output, count: count, width: h, stride: h, with: layer.outputBias.pointer)
            Self.multiplyByColumns(
                parts: columnParts, m: count, n: h, k: i, a: intermediate, lda: i,
                b: layer.outputWeight.pointer, ldb: i, c: output, ldc: h)
            EncoderMath.residualLayerNorm(
                input: output, out: x, count: count, width: h,
                gain: layer.outputNormGain.pointer, shift: layer.outputNormBias.pointer, epsilon: c.layerNormEpsilon)
            first += count
        }
    }

    /// (sequence, head) pairs dealt to workers, longest first to the least loaded (cost
    /// ~ length^2), so the cores finish attention together.
    private func attentionTasks(_ batch: PackedBatch, workers: Int) -> [[(Int, Int)]] {
        let heads = weights.configuration.headCount
        let lengths: [Int] = (0..<batch.sequenceCount).map { batch.starts[$0 + 1] - batch.starts[$0] }
        let order: [Int] = lengths.indices.sorted { lengths[$0] > lengths[$1] }
        let parts = max(1, min(workers, batch.sequenceCount * heads))
        var tasks = [[(Int, Int)]](repeating: [], count: parts)
        var load = [Int](repeating: 0, count: parts)
        for sequence in order {
            let length = lengths[sequence]
            for head in 0..<heads {
                let worker = load.indices.min { load[$0] < load[$1] }!
                tasks[worker].append((sequence, head))
                load[worker] += length * (length + 8)
            }
        }
        return tasks
    }

    /// Mean of each sequence's token states, scaled to unit length (sentence-transformers'
    /// Pooling(mean) then Normalize, whose norm is clamped at 1e-12).
    private func pool(_ batch: PackedBatch, hidden: UnsafeMutablePointer<Float>) -> [[Float]] {
        let h = weights.configuration.hiddenSize
        return (0..<batch.sequenceCount).map { sequence in
            let start = batch.starts[sequence], end = batch.starts[sequence + 1]
            var mean = [Float](repeating: 0, count: h)
            mean.withUnsafeMutableBufferPointer { out in
                for row in start..<end {
                    let x = hidden + row &* h
                    for j in 0..<h { out[j] += x[j] }
                }
                let inverseCount = 1 / Float(max(1, end - start))
                var squares: Float = 0
                for j in 0..<h {
                    out[j] *= inverseCount
                    squares += out[j] * out[j]
                }
                let inverseNorm = 1 / max(squares.squareRoot(), 1e-12)
                for j in 0..<h { out[j] *= inverseNorm }
            }
            return mean
        }
    }
}
