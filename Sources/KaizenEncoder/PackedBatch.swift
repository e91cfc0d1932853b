/// Several token sequences laid end to end, with no padding. Every projection works on
/// tokens independently, so it runs once over all rows; only attention needs the sequence
/// boundaries, and it runs per sequence. This does the same arithmetic as a padded batch
/// with an attention mask, without computing (and discarding) the padding.
struct PackedBatch: Sendable {
    /// Token ids, sequence after sequence.
    let tokenIDs: [Int32]
    /// Each token's position within its sequence.
    let positions: [Int32]
    /// Sequence `s` occupies rows `starts[s]..<starts[s + 1]`.
    let starts: [Int]

    init<Sequences: Collection<[Int]>>(_ sequences: Sequences) {
        var ids: [Int32] = []
        var positions: [Int32] = []
        var starts = [0]
        let total = sequences.reduce(0) { $0 + $1.count }
        ids.reserveCapacity(total)
        positions.reserveCapacity(total)
        starts.reserveCapacity(sequences.count + 1)
        for sequence in sequences {
            for (position, id) in sequence.enumerated() {
                ids.append(Int32(id))
                positions.append(Int32(position))
            }
            starts.append(ids.count)
        }
        tokenIDs = ids
        self.positions = positions
        self.starts = starts
    }

    var sequenceCount: Int { starts.count - 1 }
    var tokenCount: Int { tokenIDs.count }
    var longestSequence: Int { (0..<sequenceCount).map { starts[$0 + 1] - starts[$0] }.max() ?? 0 }
}
