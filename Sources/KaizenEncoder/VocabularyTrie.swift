/// A byte trie over vocabulary entries, so WordPiece's greedy longest match walks each word
/// once instead of building and hashing every candidate substring. It matches on UTF-8
/// bytes, as the reference tokenizer's hash map does (Swift `String` keys would compare
/// canonically equivalent spellings as equal, which the vocabulary does not).
struct VocabularyTrie: Sendable {
    /// Child of (node, byte), keyed `node << 8 | byte`.
    private var children: [UInt32: Int32] = [:]
    /// Token id ending at each node, or -1.
    private var tokenIDs: [Int32] = [-1]

    mutating func insert<Bytes: Sequence<UInt8>>(_ bytes: Bytes, id: Int) {
        var node: Int32 = 0
        for byte in bytes {
            let key = UInt32(node) << 8 | UInt32(byte)
            if let next = children[key] {
                node = next
            } else {
                let next = Int32(tokenIDs.count)
                tokenIDs.append(-1)
                children[key] = next
                node = next
            }
        }
        tokenIDs[Int(node)] = Int32(id)
    }

    /// The longest entry that is a prefix of `bytes[start...]`: its id and the index just
    /// past it, or nil when no entry matches.
    func longestMatch(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> (id: Int, end: Int)? {
        var node: Int32 = 0
        var best: (id: Int, end: Int)?
        var i = start
        while i < bytes.count {
            guard let next = children[UInt32(node) << 8 | UInt32(bytes[i])] else { break }
            node = next
            i += 1
            let id = tokenIDs[Int(node)]
            if id >= 0 { best = (Int(id), i) }
        }
        return best
    }
}
