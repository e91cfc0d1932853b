import Foundation
import KaizenEncoder
import Testing

/// The batched, packed Float32 forward pass against a plain Double implementation of BERT,
/// on a small random model (no download needed).
@Suite struct TinyModelForwardTests {
    static let texts = [
        "hello world!", "the wings", "unaffable", "", "hello, hello, hello, the wing a a a a a a a a a a",
        "你好", "cafe", "[MASK] world", "xyz", "a",
    ]

    @Test func packedBatchesMatchAPlainImplementation() throws {
        let model = try TinyModel()
        defer { model.remove() }
        let encoder = try MiniLMEncoder(modelFolder: model.folder)
        #expect(encoder.dimension == TinyModel.hidden)
        #expect(encoder.maxSequenceLength == TinyModel.maxLength)
        var largest = 0.0
        for batchSize in [1, 3, 32] {
            let vectors = encoder.encode(Self.texts, batchSize: batchSize)
            #expect(vectors.count == Self.texts.count)
            for (text, vector) in zip(Self.texts, vectors) {
                let expected = model.referenceEmbedding(encoder.tokenizer.encode(text))
                #expect(vector.count == expected.count)
                let difference = zip(vector, expected).map { abs(Double($0) - $1) }.max() ?? .infinity
                largest = max(largest, difference)
                #expect(difference < 1e-5, "\(text.debugDescription), batch size \(batchSize): max |difference| \(difference)")
                #expect(abs(norm(vector) - 1) < 1e-5)
            }
        }
        #expect(largest > 0, "the comparison saw real numbers")
    }

    @Test func longTextIsTruncatedToMaxSequenceLength() throws {
        let model = try TinyModel()
        defer { model.remove() }
        let encoder = try MiniLMEncoder(modelFolder: model.folder)
        let long = Array(repeating: "hello", count: 40).joined(separator: " ")
        let ids = encoder.tokenizer.encode(long)
        #expect(ids == [2] + Array(repeating: 8, count: TinyModel.maxLength - 2) + [3])
        let vector = encoder.encode(long)
        let expected = model.referenceEmbedding(ids)
        #expect(zip(vector, expected).allSatisfy { abs(Double($0) - $1) < 1e-5 })
    }

    @Test func encoderIsUsableFromConcurrentTasks() async throws {
        let model = try TinyModel()
        defer { model.remove() }
        let encoder = try MiniLMEncoder(modelFolder: model.folder)
        let expected = encoder.encode(Self.texts)
        let results = await withTaskGroup(of: [[Float]].self) { group in
            for _ in 0..<4 { group.addTask { encoder.encode(Self.texts, batchSize: 4) } }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.count == 4)
        for result in results {
            for (a, b) in zip(result, expected) { #expect(zip(a, b).allSatisfy { abs($0 - $1) < 1e-5 }) }
        }
    }
}
