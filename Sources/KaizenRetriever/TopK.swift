/// The best `limit` scores without sorting them all: a min-heap of the best so far, so a
/// 100,000-document query costs one pass plus O(k log k). BM25 and the dense scans share it.
enum TopK {
    /// (index, score) of the largest values, best first; ties by lower index. With `floor`,
    /// only values above it count (BM25: a document that matched no term scores 0).
    static func select<Score: Comparable>(_ values: [Score], limit k: Int, above floor: Score? = nil) -> [(ordinal: Int, score: Score)] {
        guard k > 0 else { return [] }
        var heap: [(score: Score, index: Int)] = []
        heap.reserveCapacity(k)
        // The heap's root is the worst kept entry: lowest score, then highest index.
        @inline(__always) func worse(_ a: (score: Score, index: Int), _ b: (score: Score, index: Int)) -> Bool {
            a.score < b.score || (a.score == b.score && a.index > b.index)
        }
        func siftDown() {
            var i = 0
            while true {
                let l = 2 * i + 1, r = l + 1
                var m = i
                if l < heap.count, worse(heap[l], heap[m]) { m = l }
                if r < heap.count, worse(heap[r], heap[m]) { m = r }
                if m == i { return }
                heap.swapAt(i, m)
                i = m
            }
        }
        values.withUnsafeBufferPointer { v in
            for i in 0..<v.count {
                if let floor, !(v[i] > floor) { continue }
                let entry = (score: v[i], index: i)
                if heap.count < k {
                    heap.append(entry)
                    var c = heap.count - 1
                    while c > 0, worse(heap[c], heap[(c - 1) / 2]) {
                        heap.swapAt(c, (c - 1) / 2)
                        c = (c - 1) / 2
                    }
                } else if worse(heap[0], entry) {
                    heap[0] = entry
                    siftDown()
                }
            }
        }
        return heap.sorted { worse($1, $0) }.map { ($0.index, $0.score) }
    }
}
