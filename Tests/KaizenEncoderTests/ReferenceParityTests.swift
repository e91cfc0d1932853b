import Foundation
import KaizenEncoder
import Testing

/// KaizenEncoder against sentence-transformers on the 20 reference sentences (short, long
/// enough to be truncated, accents, CJK, emoji, code, control characters, special tokens in
/// the text, empty). Needs the model (`KAIZEN_ENCODER_MODEL`); see `EncoderModel`.
@Suite(.enabled(if: EncoderModel.isConfigured))
struct ReferenceParityTests {
    @Test func referenceCoversTwentySentencesAndTruncation() throws {
        let reference = try ReferenceCases.load()
        #expect(reference.cases.count == 20)
        #expect(reference.maxSequenceLength == 256)
        #expect(reference.cases.contains { $0.ids.count == 256 })
        #expect(reference.cases.allSatisfy { $0.embedding.count == 384 })
    }

    @Test func tokenizerIDsMatchHuggingFace() throws {
        let encoder = try EncoderModel.encoder()
        let reference = try ReferenceCases.load()
        #expect(encoder.maxSequenceLength == reference.maxSequenceLength)
        var matches = 0
        for item in reference.cases {
            let ids = encoder.tokenizer.encode(item.text)
            #expect(ids == item.ids, "\(item.text.debugDescription)")
            if ids == item.ids { matches += 1 }
        }
        print("KaizenEncoder tokenizer: \(matches)/\(reference.cases.count) sentences match the reference ids")
        #expect(matches == reference.cases.count)
    }

    @Test func embeddingsMatchSentenceTransformers() throws {
        let encoder = try EncoderModel.encoder()
        let reference = try ReferenceCases.load()
        let vectors = encoder.encode(reference.cases.map(\.text))
        #expect(vectors.count == reference.cases.count)
        var minimum = 1.0, worst = ""
        var largestDifference: Float = 0
        for (item, vector) in zip(reference.cases, vectors) {
            #expect(vector.count == 384)
            let similarity = cosine(vector, item.embedding)
            #expect(similarity >= 0.999, "\(item.text.debugDescription): cosine \(similarity)")
            if similarity < minimum {
                minimum = similarity
                worst = item.text
            }
            for (x, y) in zip(vector, item.embedding) { largestDifference = max(largestDifference, abs(x - y)) }
        }
        print("KaizenEncoder vs sentence-transformers: minimum cosine \(minimum) (\(worst.prefix(40).debugDescription)), largest |difference| \(largestDifference)")
        #expect(minimum >= 0.999)
    }

    /// One short text alone takes the column-split path (the cores share each product), which
    /// a batch of twenty does not.
    @Test func eachSentenceAloneMatchesSentenceTransformers() throws {
        let encoder = try EncoderModel.encoder()
        for item in try ReferenceCases.load().cases {
            let similarity = cosine(encoder.encode(item.text), item.embedding)
            #expect(similarity >= 0.999, "\(item.text.debugDescription) alone: cosine \(similarity)")
        }
    }

    @Test func embeddingsHaveUnitNorm() throws {
        let encoder = try EncoderModel.encoder()
        let reference = try ReferenceCases.load()
        for vector in encoder.encode(reference.cases.map(\.text)) {
            #expect(abs(norm(vector) - 1) < 1e-5, "norm \(norm(vector))")
        }
    }

    @Test func batchingGivesTheSameVectorsAsOneAtATime() throws {
        let encoder = try EncoderModel.encoder()
        let texts = try ReferenceCases.load().cases.map(\.text)
        let single = texts.map { encoder.encode($0) }
        for batchSize in [3, 7, 32] {
            let batched = encoder.encode(texts, batchSize: batchSize)
            #expect(batched.count == texts.count)
            for (index, (a, b)) in zip(single, batched).enumerated() {
                let difference = zip(a, b).map { abs($0 - $1) }.max() ?? .infinity
                #expect(difference < 1e-5, "batch size \(batchSize), sentence \(index): max |difference| \(difference)")
            }
        }
    }

    @Test func similarSentencesAreCloserThanUnrelatedOnes() throws {
        let encoder = try EncoderModel.encoder()
        let vectors = encoder.encode([
            "The boundary layer separates at high angles of attack.",
            "At large incidence the boundary layer detaches from the wing.",
            "My cat sleeps on the sofa all afternoon.",
        ])
        let related = cosine(vectors[0], vectors[1]), unrelated = cosine(vectors[0], vectors[2])
        #expect(related > unrelated + 0.3, "related \(related), unrelated \(unrelated)")
        #expect(encoder.encode([String]()).isEmpty)
    }
}
