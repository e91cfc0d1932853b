import COpenBLAS
import Foundation

/// Document vectors in one row-major matrix, searched by inner product: exactly (one BLAS
/// matrix-vector product per query) below `quantizeFrom` rows; above, a 7-bit first pass
/// (`QuantizedVectors`, a quarter of the bytes to read) picks `rescored(limit)` candidates
/// and their exact Float products rank them, which keeps the top results the exact scan's.
public struct DenseIndex: Sendable {
    public let ids: [String]
    public let dimension: Int
    private let matrix: [Float]
    private let quantized: QuantizedVectors?
    /// From this many rows the scan reads enough memory (48 MiB at 384 dimensions) for the
    /// quantized first pass to pay off.
    public static let quantizeFrom = 32_768

    public init(ids: [String], vectors: [[Float]], dimension: Int) {
        precondition(ids.count == vectors.count)
        self.ids = ids
        self.dimension = dimension
        var flat = [Float](repeating: 0, count: ids.count * dimension)
        for (i, v) in vectors.enumerated() where v.count == dimension {
            for j in 0..<dimension { flat[i * dimension + j] = v[j] }
        }
        matrix = flat
        quantized = ids.count >= Self.quantizeFrom && dimension >= 16 ? QuantizedVectors(matrix: flat, rows: ids.count, dimension: dimension) : nil
    }

    /// Candidates the first pass keeps for exact rescoring.
    public static func rescored(_ limit: Int) -> Int { max(4 * limit, limit + 300) }

    public var count: Int { ids.count }

    /// The `limit` best (id, score) by inner product, best first.
    public func search(_ query: [Float], limit: Int) -> [(id: String, score: Float)] {
        guard count > 0, limit > 0, query.count == dimension else { return [] }
        guard let quantized else { return searchExact(query, limit: limit) }
        let candidates = Self.top(quantized.scores(query), limit: Self.rescored(limit))
        let exact = matrix.withUnsafeBufferPointer { m in
            candidates.map { row in (row: row, score: cblas_sdot(Int32(dimension), m.baseAddress! + row * dimension, 1, query, 1)) }
        }
        return exact.sorted { ($0.score, $1.row) > ($1.score, $0.row) }.prefix(limit).map { (ids[$0.row], $0.score) }
    }

    /// The `limit` best by the exact product over every row; what `search` approximates.
    public func searchExact(_ query: [Float], limit: Int) -> [(id: String, score: Float)] {
        guard count > 0, limit > 0, query.count == dimension else { return [] }
        var scores = [Float](repeating: 0, count: count)
        let rows = count, d = dimension
        // The product reads the whole matrix (150 MB at 100,000 x 384) once per query, so it
        // is bound by memory bandwidth: large indexes are cut into row blocks, one per core.
        let parts = rows >= Self.rowsPerPart * 2 ? min(Self.cores, rows / Self.rowsPerPart) : 1
        matrix.withUnsafeBufferPointer { m in
            query.withUnsafeBufferPointer { q in
                scores.withUnsafeMutableBufferPointer { s in
                    let block = Block(matrix: m.baseAddress!, query: q.baseAddress!, scores: s.baseAddress!)
                    if parts == 1 {
                        block.multiply(rows: 0..<rows, dimension: d)
                    } else {
                        DispatchQueue.concurrentPerform(iterations: parts) { part in
                            block.multiply(rows: (rows * part / parts)..<(rows * (part + 1) / parts), dimension: d)
                        }
                    }
                }
            }
        }
        return Self.top(scores, limit: limit).map { (ids[$0], scores[$0]) }
    }

    public static let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
    /// Below this many rows per core, splitting the product costs more than it saves.
    public static let rowsPerPart = 16_384

    /// Pointers for the row blocks of one product; each block writes only its own scores.
    private struct Block: @unchecked Sendable {
        let matrix: UnsafePointer<Float>
        let query: UnsafePointer<Float>
        let scores: UnsafeMutablePointer<Float>

        func multiply(rows: Range<Int>, dimension d: Int) {
            guard !rows.isEmpty else { return }
            cblas_sgemv(
                CblasRowMajor, CblasNoTrans, Int32(rows.count), Int32(d), 1, matrix + rows.lowerBound * d, Int32(d),
                query, 1, 0, scores + rows.lowerBound, 1)
        }
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
