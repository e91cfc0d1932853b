import Testing

@testable import KaizenNN

@Suite struct LossTests {
    @Test func binaryCrossEntropyByHand() {
        let (loss, gradient) = Loss.binaryCrossEntropy(logits: [0, 0], targets: [1, 0], weights: nil)
        #expect(abs(loss - Float(log(2.0))) < 1e-6)
        #expect(gradient == [-0.25, 0.25])
        // Weights: only the second example counts, with the mean taken over the weight sum.
        let weighted = Loss.binaryCrossEntropy(logits: [2, -1], targets: [1, 1], weights: [0, 3])
        #expect(abs(weighted.loss - Float(log(1 + exp(1.0)))) < 1e-6)
        #expect(weighted.gradient[0] == 0)
        #expect(abs(weighted.gradient[1] - (Float(1 / (1 + exp(1.0))) - 1)) < 1e-6)
    }

    @Test func binaryCrossEntropyIsStableForExtremeLogits() {
        let (loss, gradient) = Loss.binaryCrossEntropy(logits: [200, -200, 200], targets: [1, 0, 0], weights: nil)
        #expect(loss.isFinite)
        #expect(abs(loss - 200.0 / 3) < 1e-3)
        #expect(gradient.allSatisfy { $0.isFinite })
        #expect(abs(gradient[2] - 1.0 / 3) < 1e-6)
    }

    @Test func softTargetsAreMinimizedAtTheirLogit() {
        // The loss for target t is smallest at logit = logit(t).
        let t: Float = 0.3
        let best = Float(log(0.3 / 0.7))
        let atBest = Loss.binaryCrossEntropy(logits: [best], targets: [t], weights: nil)
        #expect(abs(atBest.gradient[0]) < 1e-6)
        for offset: Float in [-0.5, 0.5] {
            #expect(Loss.binaryCrossEntropy(logits: [best + offset], targets: [t], weights: nil).loss > atBest.loss)
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
