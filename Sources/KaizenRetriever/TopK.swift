/// The best `limit` positive scores without sorting them all: a min-heap of the best so far,
/// so a 100,000-document query costs one pass plus O(k log k).
enum TopK {
    /// (index, score) of the largest positive values, best first; ties by lower index.
    static func select(_ values: [Double], limit k: Int) -> [(ordinal: Int, score: Double)] {
        guard k > 0 else { return [] }
        var heap: [(score: Double, index: Int)] = []
        heap.reserveCapacity(k)
        // The heap's root is the worst kept entry: lowest score, then highest index.
        @inline(__always) func worse(_ a: (score: Double, index: Int), _ b: (score: Double, index: Int)) -> Bool {
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
            for i in 0..<v.count where v[i] > 0 {
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
