import Foundation

/// Sentence embeddings from all-MiniLM-L6-v2 (or any BERT sentence-transformers model with
/// mean pooling), computed natively so retrieval needs no Python: the same 384-d unit
/// vectors as `SentenceTransformer(folder).encode(texts, normalize_embeddings=True)`, to
/// float rounding. Immutable after loading; `encode` may be called from any thread.
///
/// The folder is the one `scripts/encoder-model.sh` prints: `config.json`, `tokenizer.json`,
/// `model.safetensors`, and optionally `sentence_bert_config.json` (`max_seq_length`) and
/// `1_Pooling/config.json` (which must ask for mean pooling).
public final class MiniLMEncoder: Sendable {
    public let tokenizer: WordPieceTokenizer
    /// Most tokens a text is cut to, `[CLS]` and `[SEP]` included.
    public let maxSequenceLength: Int
    private let encoder: BertEncoder
    private let lowercaseInput: Bool

    public init(modelFolder: URL) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: modelFolder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw EncoderError.missingModelFolder(path: modelFolder.path)
        }
        let configuration = try BertConfiguration(url: modelFolder.appendingPathComponent("config.json"))
        var maxLength = 256
        var lowercase = false
        let sentenceConfig = modelFolder.appendingPathComponent("sentence_bert_config.json")
        if let object = try Self.optionalJSON(sentenceConfig) {
            if let length = (object["max_seq_length"] as? NSNumber)?.intValue {
                guard length >= 2 else { throw EncoderError.badConfiguration(path: sentenceConfig.path, reason: "max_seq_length \(length) is below 2") }
                maxLength = length
            }
            lowercase = object["do_lower_case"] as? Bool ?? false
        }
        let pooling = modelFolder.appendingPathComponent("1_Pooling/config.json")
        if let object = try Self.optionalJSON(pooling) {
            let modes = object.filter { $0.key.hasPrefix("pooling_mode_") && ($0.value as? Bool) == true }.map(\.key)
            guard modes == ["pooling_mode_mean_tokens"] else {
                throw EncoderError.badConfiguration(path: pooling.path, reason: "pooling \(modes.sorted()) is not mean pooling alone")
            }
        }
        maxSequenceLength = min(maxLength, configuration.maxPositions)
        lowercaseInput = lowercase
        tokenizer = try WordPieceTokenizer(tokenizerFile: modelFolder.appendingPathComponent("tokenizer.json"), maxLength: maxSequenceLength)
        guard tokenizer.vocabularySize <= configuration.vocabularySize else {
            throw EncoderError.badConfiguration(
                path: modelFolder.appendingPathComponent("tokenizer.json").path,
                reason: "vocabulary of \(tokenizer.vocabularySize) ids exceeds the model's vocab_size \(configuration.vocabularySize)")
        }
        let file = try SafeTensorsFile(url: modelFolder.appendingPathComponent("model.safetensors"))
        encoder = BertEncoder(weights: try BertWeights(file: file, configuration: configuration))
        Sgemm.useOneThreadPerCall()
    }

    /// Length of each embedding (384 for MiniLM-L6).
    public var dimension: Int { encoder.weights.configuration.hiddenSize }

    /// Unit-length embeddings of `texts`, in order. Texts are encoded `batchSize` at a time
    /// (a batch's tokens share one pass through each matrix product); the vectors do not
    /// depend on the batching beyond float rounding.
    public func encode(_ texts: [String], batchSize: Int = 32) -> [[Float]] {
        guard !texts.isEmpty else { return [] }
        let sequences = texts.map { tokenizer.encode(lowercaseInput ? $0.lowercased() : $0) }
        let size = max(1, batchSize)
        let batches = stride(from: 0, to: sequences.count, by: size).map { PackedBatch(sequences[$0..<min($0 + size, sequences.count)]) }
        let workspace = EncoderWorkspace(
            configuration: encoder.weights.configuration,
            tokens: batches.map(\.tokenCount).max() ?? 0,
            longestSequence: batches.map(\.longestSequence).max() ?? 0,
            workers: WorkSplit.coreCount)
        var out: [[Float]] = []
        out.reserveCapacity(texts.count)
        for batch in batches { out.append(contentsOf: encoder.encode(batch, workspace: workspace)) }
        return out
    }

    /// The unit-length embedding of one text.
    public func encode(_ text: String) -> [Float] { encode([text])[0] }

    private static func optionalJSON(_ url: URL) throws -> [String: Any]? {
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        do {
            guard let object = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] else {
                throw EncoderError.badConfiguration(path: url.path, reason: "not a JSON object")
            }
            return object
        } catch let error as EncoderError {
            throw error
        } catch {
            throw EncoderError.badConfiguration(path: url.path, reason: "not JSON (\(error.localizedDescription))")
        }
    }
}
