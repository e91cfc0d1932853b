import Foundation

/// The shape of a BERT encoder, from the model's `config.json`. The encoder code is written
/// for any such shape; only the options this implementation computes are accepted (absolute
/// positions, erf GELU), so an unsupported model fails at load instead of encoding wrongly.
struct BertConfiguration: Sendable, Equatable {
    var hiddenSize = 384
    var layerCount = 6
    var headCount = 12
    var intermediateSize = 1536
    var maxPositions = 512
    var typeVocabularySize = 2
    var vocabularySize = 30522
    var layerNormEpsilon: Float = 1e-12

    var headSize: Int { hiddenSize / headCount }

    init() {}

    init(url: URL) throws {
        let path = url.path
        guard FileManager.default.fileExists(atPath: path) else { throw EncoderError.missingFile(path: path) }
        func bad(_ reason: String) -> EncoderError { .badConfiguration(path: path, reason: reason) }
        let object: [String: Any]
        do {
            guard let parsed = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] else {
                throw bad("not a JSON object")
            }
            object = parsed
        } catch let error as EncoderError {
            throw error
        } catch {
            throw bad("not JSON (\(error.localizedDescription))")
        }
        func integer(_ key: String) throws -> Int {
            guard let value = (object[key] as? NSNumber)?.intValue, value > 0 else { throw bad("\(key) is missing or not a positive integer") }
            return value
        }
        hiddenSize = try integer("hidden_size")
        layerCount = try integer("num_hidden_layers")
        headCount = try integer("num_attention_heads")
        intermediateSize = try integer("intermediate_size")
        maxPositions = try integer("max_position_embeddings")
        typeVocabularySize = try integer("type_vocab_size")
        vocabularySize = try integer("vocab_size")
        layerNormEpsilon = (object["layer_norm_eps"] as? NSNumber)?.floatValue ?? 1e-12
        guard hiddenSize % headCount == 0 else { throw bad("hidden_size \(hiddenSize) is not a multiple of num_attention_heads \(headCount)") }
        if let activation = object["hidden_act"] as? String, activation != "gelu" {
            throw bad("hidden_act \(activation) is not supported (only gelu, the erf form)")
        }
        if let positions = object["position_embedding_type"] as? String, positions != "absolute" {
            throw bad("position_embedding_type \(positions) is not supported (only absolute)")
        }
    }
}
