import Foundation
import KaizenCore
import KaizenProposers
import KaizenSearchSpace
import Testing

@Suite struct SearchDistanceTests {
    let distance = SearchDistance(space: Fixtures.space)
    let base = Fixtures.production

    func with(_ patch: String) -> JSONValue { base.merging(patch: Fixtures.json(patch)) }

    @Test(arguments: Persona.allCases)
    func identicalConfigsAreAtZero(persona: Persona) {
        #expect(distance.distance(base, base, persona: persona) == 0)
        #expect(distance.distance(base, base: base, delta: .object([:]), persona: persona) == 0)
    }

    @Test func itIsSymmetricAndInRange() {
        let a = with(#"{"optimizer": {"name": "adam", "learning_rate": 0.001, "epochs": 7}}"#)
        let b = with(#"{"optimizer": {"momentum": 0.1, "batch_size": 64, "schedule": "cosine"}}"#)
        let ab = distance.distance(a, b, persona: .optimizer)
        #expect(ab == distance.distance(b, a, persona: .optimizer))
        #expect(ab > 0 && ab <= 1)
        // Every field at the opposite end or another value: the maximum.
        let low = Fixtures.json(#"{"reward": {"click": 0, "watch": 0, "satisfaction": 0, "return": 0, "clickbait_penalty": 0, "label_transform": "clip"}}"#)
        let high = Fixtures.json(#"{"reward": {"click": 1, "watch": 1, "satisfaction": 1, "return": 1, "clickbait_penalty": 1, "label_transform": "binarize"}}"#)
        #expect(distance.distance(low, high, persona: .reward) == 1)
    }

    @Test func onlyThePersonasFieldsCount() {
        let other = with(#"{"architecture": {"dropout": 0.5}, "reward": {"watch": 1}}"#)
        #expect(distance.distance(base, other, persona: .optimizer) == 0)
        #expect(distance.distance(base, other, persona: .architecture) > 0)
    }

    @Test func numericChangesMoveItProportionally() {
        // architecture has 9 fields; dropout spans [0, 0.5].
        let small = distance.distance(base, with(#"{"architecture": {"dropout": 0.05}}"#), persona: .architecture)
        let double = distance.distance(base, with(#"{"architecture": {"dropout": 0.1}}"#), persona: .architecture)
        #expect(abs(small - 0.1 / 9) < 1e-12)
        #expect(abs(double - 2 * small) < 1e-12)
        // Ints are relative to max - min: embedding_dim spans [4, 128].
        let ints = distance.distance(base, with(#"{"architecture": {"embedding_dim": 47.4}}"#), persona: .architecture)
        #expect(abs(ints - (31.4 / 124) / 9) < 1e-12)
        // Small enough changes fall under the near-duplicate thresholds (0.01–0.05).
        let tiny = distance.distance(base, with(#"{"reward": {"watch": 0.02}}"#), persona: .reward)
        #expect(tiny < 0.01)
    }

    @Test func logScaleFieldsCompareRatios() {
        // learning_rate is log scale over [1e-5, 0.5]: 0.05 → 0.005 equals 0.005 → 0.0005.
        let lr = { (x: Double) in self.with(#"{"optimizer": {"learning_rate": \#(x)}}"#) }
        let first = distance.distance(lr(0.05), lr(0.005), persona: .optimizer)
        let second = distance.distance(lr(0.005), lr(0.0005), persona: .optimizer)
        #expect(abs(first - second) < 1e-12)
        #expect(abs(first - (log(10) / log(0.5 / 1e-5)) / 9) < 1e-12)
    }

    @Test func choicesAndBoolsAreExact() {
        #expect(abs(distance.distance(base, with(#"{"optimizer": {"name": "adam"}}"#), persona: .optimizer) - 1.0 / 9) < 1e-12)
        #expect(distance.distance(with(#"{"optimizer": {"name": "adam"}}"#), with(#"{"optimizer": {"name": "rmsprop"}}"#), persona: .optimizer)
            == distance.distance(base, with(#"{"optimizer": {"name": "adam"}}"#), persona: .optimizer))
        #expect(abs(distance.distance(base, with(#"{"architecture": {"gated": true}}"#), persona: .architecture) - 1.0 / 9) < 1e-12)
    }

    @Test func intListsCompareWidthsOrDepth() {
        let tower = Fixtures.space.field("architecture.tower")!
        #expect(tower.distance(Fixtures.json("[64, 32]"), Fixtures.json("[64, 32]")) == 0)
        #expect(tower.distance(Fixtures.json("[64, 32]"), Fixtures.json("[64, 32, 16]")) == 1)
        // Widths in log space over [4, 512] (7 doublings): one doubling of one of two layers.
        #expect(abs(tower.distance(Fixtures.json("[64, 32]"), Fixtures.json("[128, 32]")) - (1.0 / 7) / 2) < 1e-12)
        let both = tower.distance(Fixtures.json("[64, 32]"), Fixtures.json("[128, 64]"))
        #expect(abs(both - 2 * tower.distance(Fixtures.json("[64, 32]"), Fixtures.json("[128, 32]"))) < 1e-12)
    }

    @Test func aMissingFieldIsAsFarAsPossible() {
        let field = Fixtures.space.field("optimizer.momentum")!
        #expect(field.distance(nil, .number(0.9)) == 1)
        #expect(field.distance(.number(0.9), nil) == 1)
        #expect(field.distance(nil, nil) == 0)
        let partial = Fixtures.json(#"{"optimizer": {"momentum": 0.9}}"#)
        let full = with(#"{}"#)
        let expected = 8.0 / 9  // momentum matches; the other 8 are missing on one side
        #expect(abs(distance.distance(partial, full, persona: .optimizer) - expected) < 1e-12)
    }

    @Test func deltasCompareOnTheBase() {
        let a = Fixtures.json(#"{"reward": {"watch": 0.3}}"#)
        let b = Fixtures.json(#"{"reward": {"watch": 0.6}}"#)
        #expect(abs(distance.distance(delta: a, delta: b, base: base, persona: .reward) - 0.3 / 6) < 1e-12)
        #expect(distance.distance(delta: a, delta: a, base: base, persona: .reward) == 0)
    }
}
