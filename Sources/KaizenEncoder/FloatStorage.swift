/// An immutable run of floats at a fixed, 64-byte aligned address. Weights live here rather
/// than in `[Float]` so the hot loops and BLAS read them through a plain pointer, with no
/// copy-on-write or exclusivity checks, and so the encoder can be shared across threads.
final class FloatStorage: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Float>
    let count: Int

    init(count: Int) {
        self.count = count
        pointer = UnsafeMutableRawPointer.allocate(byteCount: max(1, count) * MemoryLayout<Float>.stride, alignment: 64)
            .bindMemory(to: Float.self, capacity: max(1, count))
        pointer.initialize(repeating: 0, count: count)
    }

    convenience init(_ values: [Float]) {
        self.init(count: values.count)
        values.withUnsafeBufferPointer { pointer.update(from: $0.baseAddress!, count: values.count) }
    }

    /// Rows of several tensors stacked into one matrix (the fused query/key/value weight).
    convenience init(concatenating parts: [[Float]]) {
        self.init(count: parts.reduce(0) { $0 + $1.count })
        var offset = 0
        for part in parts {
            part.withUnsafeBufferPointer { (pointer + offset).update(from: $0.baseAddress!, count: part.count) }
            offset += part.count
        }
    }

    deinit { pointer.deallocate() }
}
