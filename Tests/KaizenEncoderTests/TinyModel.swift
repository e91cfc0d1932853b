import Foundation

/// A small random BERT written to a temporary folder in the layout `MiniLMEncoder` reads
/// (config.json, tokenizer.json, model.safetensors, sentence_bert_config.json), so the
/// loading, error and forward-pass code is tested without the real model. Its widths (12,
/// 20, head size 4) are not multiples of eight, to exercise the kernels' scalar tails.
struct TinyModel {
    static let vocabulary = [
        "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "un", "##aff", "##able", "hello", "!",
        "cafe", "你", "好", "a", "##a", "world", ",", "the", "wing", "##s", "\u{928}", "##\u{940}",
    ]
    static let hidden = 12, heads = 3, intermediate = 20, layers = 2, positions = 16, maxLength = 10

    let folder: URL
    /// Every tensor by name, row-major, PyTorch layout.
    let tensors: [String: (shape: [Int], values: [Float])]

    init(seed: UInt64 = 7) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("kaizen-tiny-bert-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var state = seed
        func random(_ count: Int, scale: Float = 0.5, offset: Float = 0) -> [Float] {
            (0..<count).map { _ in
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return offset + scale * (Float(state >> 40) / Float(1 << 24) * 2 - 1)
            }
        }
        let h = Self.hidden, i = Self.intermediate
        var tensors: [String: (shape: [Int], values: [Float])] = [
            "embeddings.word_embeddings.weight": ([Self.vocabulary.count, h], random(Self.vocabulary.count * h)),
            "embeddings.position_embeddings.weight": ([Self.positions, h], random(Self.positions * h)),
            "embeddings.token_type_embeddings.weight": ([2, h], random(2 * h)),
            "embeddings.LayerNorm.weight": ([h], random(h, scale: 0.2, offset: 1)),
            "embeddings.LayerNorm.bias": ([h], random(h, scale: 0.1)),
        ]
        for layer in 0..<Self.layers {
            let p = "encoder.layer.\(layer)."
            for name in ["query", "key", "value"] {
                tensors[p + "attention.self.\(name).weight"] = ([h, h], random(h * h))
                tensors[p + "attention.self.\(name).bias"] = ([h], random(h, scale: 0.1))
            }
            tensors[p + "attention.output.dense.weight"] = ([h, h], random(h * h))
            tensors[p + "attention.output.dense.bias"] = ([h], random(h, scale: 0.1))
            tensors[p + "attention.output.LayerNorm.weight"] = ([h], random(h, scale: 0.2, offset: 1))
            tensors[p + "attention.output.LayerNorm.bias"] = ([h], random(h, scale: 0.1))
            tensors[p + "intermediate.dense.weight"] = ([i, h], random(i * h))
            tensors[p + "intermediate.dense.bias"] = ([i], random(i, scale: 0.1))
            tensors[p + "output.dense.weight"] = ([h, i], random(h * i))
            tensors[p + "output.dense.bias"] = ([h], random(h, scale: 0.1))
            tensors[p + "output.LayerNorm.weight"] = ([h], random(h, scale: 0.2, offset: 1))
            tensors[p + "output.LayerNorm.bias"] = ([h], random(h, scale: 0.1))
        }
        self.tensors = tensors
        try writeWeights(tensors)
        try Self.json([
            "hidden_size": h, "num_hidden_layers": Self.layers, "num_attention_heads": Self.heads,
            "intermediate_size": i, "max_position_embeddings": Self.positions, "type_vocab_size": 2,
            "vocab_size": Self.vocabulary.count, "layer_norm_eps": 1e-12, "hidden_act": "gelu",
            "position_embedding_type": "absolute",
        ]).write(to: folder.appendingPathComponent("config.json"))
        try Self.json(["max_seq_length": Self.maxLength, "do_lower_case": false])
            .write(to: folder.appendingPathComponent("sentence_bert_config.json"))
        try Self.tokenizerJSON().write(to: folder.appendingPathComponent("tokenizer.json"))
    }

    func remove() { try? FileManager.default.removeItem(at: folder) }

    var weightsURL: URL { folder.appendingPathComponent("model.safetensors") }

    /// Writes `tensors` as F32 safetensors (sorted by name, packed in that order).
    func writeWeights(_ tensors: [String: (shape: [Int], values: [Float])]) throws {
        try Self.safetensors(tensors.mapValues { ("F32", $0.shape, $0.values.flatMap { Self.bytes($0.bitPattern) }) })
            .write(to: weightsURL)
    }

    static func safetensors(_ tensors: [String: (dtype: String, shape: [Int], bytes: [UInt8])]) throws -> Data {
        var header: [String: Any] = ["__metadata__": ["format": "pt"]]
        var body: [UInt8] = []
        for name in tensors.keys.sorted() {
            let tensor = tensors[name]!
            header[name] = ["dtype": tensor.dtype, "shape": tensor.shape, "data_offsets": [body.count, body.count + tensor.bytes.count]]
            body += tensor.bytes
        }
        var headerBytes = [UInt8](try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys]))
        while headerBytes.count % 8 != 0 { headerBytes.append(0x20) }
        return Data(bytes(UInt64(headerBytes.count)) + headerBytes + body)
    }

    static func bytes<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
        (0..<(T.bitWidth / 8)).map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) }
    }

    static func json(_ object: Any) throws -> Data { try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) }

    /// A Hugging Face tokenizer.json for `vocabulary`, shaped like all-MiniLM-L6-v2's.
    static func tokenizerJSON() throws -> Data {
        let vocab = Dictionary(uniqueKeysWithValues: vocabulary.enumerated().map { ($1, $0) })
        let added = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"].map {
            ["id": vocab[$0]!, "content": $0, "special": true, "single_word": false, "lstrip": false, "rstrip": false, "normalized": false] as [String: Any]
        }
        return try json([
            "version": "1.0",
            "added_tokens": added,
            "normalizer": ["type": "BertNormalizer", "clean_text": true, "handle_chinese_chars": true, "strip_accents": NSNull(), "lowercase": true],
            "pre_tokenizer": ["type": "BertPreTokenizer"],
            "post_processor": [
                "type": "TemplateProcessing",
                "special_tokens": ["[CLS]": ["id": "[CLS]", "ids": [2], "tokens": ["[CLS]"]], "[SEP]": ["id": "[SEP]", "ids": [3], "tokens": ["[SEP]"]]],
            ],
            "model": ["type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##", "max_input_chars_per_word": 100, "vocab": vocab],
        ] as [String: Any])
    }

    /// The embedding computed the plain way, in Double: one sequence at a time, with
    /// straightforward loops and libm's erf, for checking the batched Float32 pass.
    func referenceEmbedding(_ ids: [Int]) -> [Double] {
        let h = Self.hidden, d = h / Self.heads, n = ids.count
        func t(_ name: String) -> [Double] { tensors[name]!.values.map { Double($0) } }
        func linear(_ x: [[Double]], _ w: [Double], _ b: [Double], out: Int) -> [[Double]] {
            var result: [[Double]] = []
            for row in x {
                var y = [Double](repeating: 0, count: out)
                for o in 0..<out {
                    var sum = b[o]
                    for j in 0..<row.count { sum += row[j] * w[o * row.count + j] }
                    y[o] = sum
                }
                result.append(y)
            }
            return result
        }
        func layerNorm(_ x: [[Double]], _ g: [Double], _ b: [Double]) -> [[Double]] {
            var result: [[Double]] = []
            for row in x {
                let count = Double(row.count)
                var mean = 0.0
                for v in row { mean += v }
                mean /= count
                var variance = 0.0
                for v in row { variance += (v - mean) * (v - mean) }
                variance /= count
                let scale = 1 / (variance + 1e-12).squareRoot()
                var y = row
                for j in 0..<row.count { y[j] = (row[j] - mean) * scale * g[j] + b[j] }
                result.append(y)
            }
            return result
        }
        func add(_ a: [[Double]], _ b: [[Double]]) -> [[Double]] {
            var result = a
            for r in 0..<a.count { for j in 0..<a[r].count { result[r][j] += b[r][j] } }
            return result
        }
        let word = t("embeddings.word_embeddings.weight"), position = t("embeddings.position_embeddings.weight")
        let type = t("embeddings.token_type_embeddings.weight")
        var x: [[Double]] = []
        for p in 0..<n {
            var row = [Double](repeating: 0, count: h)
            for j in 0..<h { row[j] = word[ids[p] * h + j] + position[p * h + j] + type[j] }
            x.append(row)
        }
        x = layerNorm(x, t("embeddings.LayerNorm.weight"), t("embeddings.LayerNorm.bias"))
        for layer in 0..<Self.layers {
            let p = "encoder.layer.\(layer)."
            let q = linear(x, t(p + "attention.self.query.weight"), t(p + "attention.self.query.bias"), out: h)
            let k = linear(x, t(p + "attention.self.key.weight"), t(p + "attention.self.key.bias"), out: h)
            let v = linear(x, t(p + "attention.self.value.weight"), t(p + "attention.self.value.bias"), out: h)
            var context = [[Double]](repeating: [Double](repeating: 0, count: h), count: n)
            for head in 0..<Self.heads {
                for a in 0..<n {
                    var weights = [Double](repeating: 0, count: n)
                    for b in 0..<n {
                        var dot = 0.0
                        for j in 0..<d { dot += q[a][head * d + j] * k[b][head * d + j] }
                        weights[b] = dot / Double(d).squareRoot()
                    }
                    let top = weights.max()!
                    var sum = 0.0
                    for b in 0..<n {
                        weights[b] = Foundation.exp(weights[b] - top)
                        sum += weights[b]
                    }
                    for j in 0..<d {
                        var mixed = 0.0
                        for b in 0..<n { mixed += weights[b] / sum * v[b][head * d + j] }
                        context[a][head * d + j] = mixed
                    }
                }
            }
            let attention = linear(context, t(p + "attention.output.dense.weight"), t(p + "attention.output.dense.bias"), out: h)
            x = layerNorm(add(attention, x), t(p + "attention.output.LayerNorm.weight"), t(p + "attention.output.LayerNorm.bias"))
            var inner = linear(x, t(p + "intermediate.dense.weight"), t(p + "intermediate.dense.bias"), out: Self.intermediate)
            for r in 0..<inner.count {
                for j in 0..<inner[r].count {
                    let z = inner[r][j]
                    inner[r][j] = z * 0.5 * (1 + Foundation.erf(z / 2.0.squareRoot()))
                }
            }
            let output = linear(inner, t(p + "output.dense.weight"), t(p + "output.dense.bias"), out: h)
            x = layerNorm(add(output, x), t(p + "output.LayerNorm.weight"), t(p + "output.LayerNorm.bias"))
        }
        var mean = [Double](repeating: 0, count: h)
        for row in x { for j in 0..<h { mean[j] += row[j] / Double(n) } }
        var length = 0.0
        for v in mean { length += v * v }
        length = length.squareRoot()
        return mean.map { $0 / length }
    }
}
