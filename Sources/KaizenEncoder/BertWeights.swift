/// Every weight of the BERT encoder, read once from `model.safetensors` and checked against
/// the configuration's shapes. Query, key and value projections are stacked into one
/// `[3H, H]` matrix so each layer needs one matrix product for all three.
final class BertWeights: Sendable {
    struct Layer: Sendable {
        /// `[3H, H]` (PyTorch's `[out, in]` layout) and `[3H]`.
        let queryKeyValueWeight: FloatStorage
        let queryKeyValueBias: FloatStorage
        let attentionOutputWeight: FloatStorage
        let attentionOutputBias: FloatStorage
        let attentionNormGain: FloatStorage
        let attentionNormBias: FloatStorage
        /// `[I, H]` and `[I]`.
        let intermediateWeight: FloatStorage
        let intermediateBias: FloatStorage
        /// `[H, I]` and `[H]`.
        let outputWeight: FloatStorage
        let outputBias: FloatStorage
        let outputNormGain: FloatStorage
        let outputNormBias: FloatStorage
    }

    let configuration: BertConfiguration
    let wordEmbeddings: FloatStorage
    let positionEmbeddings: FloatStorage
    let tokenTypeEmbeddings: FloatStorage
    let embeddingNormGain: FloatStorage
    let embeddingNormBias: FloatStorage
    let layers: [Layer]

    init(file: SafeTensorsFile, configuration c: BertConfiguration) throws {
        configuration = c
        // Checkpoints saved from BertForX models prefix every name with "bert.".
        let prefix = file.tensors["embeddings.word_embeddings.weight"] == nil && file.tensors["bert.embeddings.word_embeddings.weight"] != nil
            ? "bert." : ""
        func load(_ name: String, _ shape: [Int]) throws -> [Float] { try file.floats(prefix + name, shape: shape) }
        func tensor(_ name: String, _ shape: [Int]) throws -> FloatStorage { FloatStorage(try load(name, shape)) }
        let h = c.hiddenSize, i = c.intermediateSize
        wordEmbeddings = try tensor("embeddings.word_embeddings.weight", [c.vocabularySize, h])
        positionEmbeddings = try tensor("embeddings.position_embeddings.weight", [c.maxPositions, h])
        tokenTypeEmbeddings = try tensor("embeddings.token_type_embeddings.weight", [c.typeVocabularySize, h])
        embeddingNormGain = try tensor("embeddings.LayerNorm.weight", [h])
        embeddingNormBias = try tensor("embeddings.LayerNorm.bias", [h])
        layers = try (0..<c.layerCount).map { index in
            let p = "encoder.layer.\(index)."
            return Layer(
                queryKeyValueWeight: FloatStorage(concatenating: [
                    try load(p + "attention.self.query.weight", [h, h]),
                    try load(p + "attention.self.key.weight", [h, h]),
                    try load(p + "attention.self.value.weight", [h, h]),
                ]),
                queryKeyValueBias: FloatStorage(concatenating: [
                    try load(p + "attention.self.query.bias", [h]),
                    try load(p + "attention.self.key.bias", [h]),
                    try load(p + "attention.self.value.bias", [h]),
                ]),
                attentionOutputWeight: try tensor(p + "attention.output.dense.weight", [h, h]),
                attentionOutputBias: try tensor(p + "attention.output.dense.bias", [h]),
                attentionNormGain: try tensor(p + "attention.output.LayerNorm.weight", [h]),
                attentionNormBias: try tensor(p + "attention.output.LayerNorm.bias", [h]),
                intermediateWeight: try tensor(p + "intermediate.dense.weight", [i, h]),
                intermediateBias: try tensor(p + "intermediate.dense.bias", [i]),
                outputWeight: try tensor(p + "output.dense.weight", [h, i]),
                outputBias: try tensor(p + "output.dense.bias", [h]),
                outputNormGain: try tensor(p + "output.LayerNorm.weight", [h]),
                outputNormBias: try tensor(p + "output.LayerNorm.bias", [h]))
        }
    }
}
