import KaizenAgent
import KaizenCore
import KaizenPolicy
import KaizenProposers
import Testing

@Suite struct DeduplicationTests {
    func config(_ delta: String) -> JSONValue { Fixtures.production.merging(patch: Fixtures.json(delta)) }

    func index(_ thresholds: [String: Double] = ["optimizer": 0.02, "architecture": 0.05, "reward": 0.01]) -> DuplicateIndex {
        var index = DuplicateIndex(distance: SearchDistance(space: Fixtures.space), policy: Policy.Dedup(nearDuplicateDistance: thresholds))
        let c = config(#"{"optimizer":{"learning_rate":0.01}}"#)
        index.insert(id: "cand_a", persona: .optimizer, config: c, fingerprint: Fingerprint.ofConfig(c))
        return index
    }

    @Test func exactDuplicateByFingerprint() {
        let c = config(#"{"optimizer":{"learning_rate":0.01}}"#)
        #expect(index().check(config: c, fingerprint: Fingerprint.ofConfig(c), persona: .optimizer) == .duplicate(of: "cand_a"))
    }

    @Test func nearDuplicateWithinThePersonaThreshold() {
        let near = config(#"{"optimizer":{"learning_rate":0.0105}}"#)
        guard case .nearDuplicate(let id, let distance) = index().check(config: near, fingerprint: Fingerprint.ofConfig(near), persona: .optimizer) else {
            Issue.record("expected a near-duplicate")
            return
        }
        #expect(id == "cand_a")
        #expect(distance > 0 && distance <= 0.02)
        // The same change with a threshold of 0 counts exact duplicates only.
        #expect(index(["optimizer": 0]).check(config: near, fingerprint: Fingerprint.ofConfig(near), persona: .optimizer) == .unique)
    }

    @Test func distantAndOtherPersonaConfigsAreUnique() {
        let far = config(#"{"optimizer":{"learning_rate":0.0001,"name":"adam"}}"#)
        #expect(index().check(config: far, fingerprint: Fingerprint.ofConfig(far), persona: .optimizer) == .unique)
        let reward = config(#"{"optimizer":{"learning_rate":0.0105}}"#)
        // Near-duplicates are compared within a persona only.
        #expect(index().check(config: reward, fingerprint: Fingerprint.ofConfig(reward), persona: .reward) == .unique)
    }
}
