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
        let d = dimension
        matrix.withUnsafeBufferPointer { m in
            query.withUnsafeBufferPointer { q in
                scores.withUnsafeMutableBufferPointer { s in
                    let block = Block(matrix: m.baseAddress!, query: q.baseAddress!, scores: s.baseAddress!)
                    Self.forEachRowPart(count) { block.multiply(rows: $0, dimension: d) }
                }
            }
        }
        return Self.top(scores, limit: limit).map { (ids[$0], scores[$0]) }
    }

    static let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
    /// Below this many rows per core, splitting a scan costs more than it saves.
    static let rowsPerPart = 16_384

    /// Runs `body` over `rows` cut into one contiguous part per core, concurrently, when the
    /// index is large: a full scan is bound by memory bandwidth (150 MB of Floats at
    /// 100,000 x 384), and each core brings its own. Parts must write disjoint memory.
    static func forEachRowPart(_ rows: Int, _ body: (Range<Int>) -> Void) {
        let parts = rows >= rowsPerPart * 2 ? min(cores, rows / rowsPerPart) : 1
        guard parts > 1 else { return body(0..<rows) }
        withoutActuallyEscaping(body) { body in
            let work = UncheckedBody(body: body)
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                work.body((rows * part / parts)..<(rows * (part + 1) / parts))
            }
        }
    }

    private struct UncheckedBody: @unchecked Sendable {
        let body: (Range<Int>) -> Void
    }

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

    /// Indexes of the `k` largest values, largest first (ties by lower index), without
    /// sorting everything.
    public static func top(_ values: [Float], limit k: Int) -> [Int] {
        TopK.select(values, limit: k).map(\.ordinal)
    }
}
