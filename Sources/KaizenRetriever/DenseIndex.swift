import COpenBLAS
import Foundation

/// Document vectors in one row-major matrix, searched by exact inner product (one BLAS
/// matrix-vector product per query): exact, and fast enough for 100,000 documents.
public struct DenseIndex: Sendable {
    public let ids: [String]
    public let dimension: Int
    private let matrix: [Float]

    public init(ids: [String], vectors: [[Float]], dimension: Int) {
        precondition(ids.count == vectors.count)
        self.ids = ids
        self.dimension = dimension
        var flat = [Float](repeating: 0, count: ids.count * dimension)
        for (i, v) in vectors.enumerated() where v.count == dimension {
            for j in 0..<dimension { flat[i * dimension + j] = v[j] }
        }
        matrix = flat
    }

    public var count: Int { ids.count }

    /// The `limit` best (id, score) by inner product, best first.
    public func search(_ query: [Float], limit: Int) -> [(id: String, score: Float)] {
        guard count > 0, limit > 0, query.count == dimension else { return [] }
        var scores = [Float](repeating: 0, count: count)
        matrix.withUnsafeBufferPointer { m in
            query.withUnsafeBufferPointer { q in
                scores.withUnsafeMutableBufferPointer { s in
                    cblas_sgemv(CblasRowMajor, CblasNoTrans, Int32(count), Int32(dimension), 1, m.baseAddress, Int32(dimension), q.baseAddress, 1, 0, s.baseAddress, 1)
                }
            }
        }
        return Self.top(scores, limit: limit).map { (ids[$0], scores[$0]) }
    }

    /// Indexes of the `k` largest values, largest first, without sorting everything.
    public static func top(_ values: [Float], limit k: Int) -> [Int] {
        var heap: [(Float, Int)] = []  // a min-heap of the best k so far
        heap.reserveCapacity(k + 1)
        func siftDown(_ start: Int) {
            var i = start
            while true {
                let l = 2 * i + 1, r = l + 1
                var m = i
                if l < heap.count, heap[l].0 < heap[m].0 { m = l }
                if r < heap.count, heap[r].0 < heap[m].0 { m = r }
                if m == i { return }
                heap.swapAt(i, m)
                i = m
            }
        }
        for (i, v) in values.enumerated() {
            if heap.count < k {
                heap.append((v, i))
                var c = heap.count - 1
                while c > 0, heap[(c - 1) / 2].0 > heap[c].0 { heap.swapAt(c, (c - 1) / 2); c = (c - 1) / 2 }
            } else if v > heap[0].0 {
                heap[0] = (v, i)
                siftDown(0)
            }
        }
        return heap.sorted { ($0.0, -$0.1) > ($1.0, -$1.1) }.map(\.1)
    }
}
