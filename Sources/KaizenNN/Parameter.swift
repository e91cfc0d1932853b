/// One trainable tensor (`rows × columns`, row-major) with its gradient.
///
/// Embedding tables are *sparse*: backward only writes the rows of the batch, records them in
/// `touchedRows`, and the optimizer and `zeroGradient()` visit only those rows, so a step
/// costs the batch, not the table.
final class Parameter {
    let name: String
    let rows: Int
    let columns: Int
    let isSparse: Bool
    let value: UnsafeMutablePointer<Float>
    let gradient: UnsafeMutablePointer<Float>
    /// Rows with a nonzero gradient since the last `zeroGradient()` (sparse tensors only).
    private(set) var touchedRows: [Int32] = []
    private let marks: UnsafeMutablePointer<Bool>?

    var count: Int { rows &* columns }

    init(name: String, rows: Int, columns: Int, sparse: Bool = false) {
        self.name = name
        self.rows = rows
        self.columns = columns
        self.isSparse = sparse
        let count = rows * columns
        value = .allocate(capacity: max(count, 1))
        value.initialize(repeating: 0, count: max(count, 1))
        gradient = .allocate(capacity: max(count, 1))
        gradient.initialize(repeating: 0, count: max(count, 1))
        if sparse {
            marks = .allocate(capacity: max(rows, 1))
            marks!.initialize(repeating: false, count: max(rows, 1))
        } else {
            marks = nil
        }
    }

    deinit {
        value.deallocate()
        gradient.deallocate()
        marks?.deallocate()
    }

    /// Records that `row`'s gradient may be nonzero.
    @inline(__always)
    func touch(row: Int) {
        guard let marks, !marks[row] else { return }
        marks[row] = true
        touchedRows.append(Int32(truncatingIfNeeded: row))
    }

    func zeroGradient() {
        if let marks {
            let cols = columns
            for row in touchedRows {
                let r = Int(row)
                (gradient + r &* cols).update(repeating: 0, count: cols)
                marks[r] = false
            }
            touchedRows.removeAll(keepingCapacity: true)
        } else {
            gradient.update(repeating: 0, count: count)
        }
    }

    /// Calls `body(offset, length)` for each contiguous range whose gradient may be nonzero.
    @inline(__always)
    func forEachActiveRange(_ body: (Int, Int) -> Void) {
        if isSparse {
            let cols = columns
            for row in touchedRows { body(Int(row) &* cols, cols) }
        } else {
            body(0, count)
        }
    }

    /// He (Kaiming) normal: `N(0, 2 / fanIn)`, for layers followed by a ReLU-like activation.
    func initializeHe(fanIn: Int, rng: inout SplitMix64) {
        let std = (2.0 / Double(max(fanIn, 1))).squareRoot()
        for k in 0..<count { value[k] = Float(rng.nextGaussian() * std) }
    }

    /// Xavier (Glorot) uniform: `U(-a, a)`, `a = sqrt(6 / (fanIn + fanOut))`.
    func initializeXavier(fanIn: Int, fanOut: Int, rng: inout SplitMix64) {
        let limit = (6.0 / Double(max(fanIn + fanOut, 1))).squareRoot()
        for k in 0..<count { value[k] = Float((rng.nextDouble() * 2 - 1) * limit) }
    }

    func initializeNormal(std: Double, rng: inout SplitMix64) {
        for k in 0..<count { value[k] = Float(rng.nextGaussian() * std) }
    }

    func fill(_ constant: Float) { value.update(repeating: constant, count: count) }
}
