/// Eight-float vectors loaded from and stored to unaligned Float pointers, for the loops the
/// compiler leaves scalar (several pointers it cannot prove distinct, sqrt and division).
enum Lanes {
    typealias Vector = SIMD8<Float>

    @inline(__always)
    static func load(_ p: UnsafeMutablePointer<Float>) -> Vector {
        UnsafeRawPointer(p).loadUnaligned(as: Vector.self)
    }

    @inline(__always)
    static func store(_ value: Vector, _ p: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(p).storeBytes(of: value, as: Vector.self)
    }
}
