/// SplitMix64: a tiny, fast generator whose output depends only on its seed, so worlds are
/// identical on every machine (Foundation's and the standard library's randomness are not).
struct SplitMix64 {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    /// A generator for one named stream, e.g. (seed, .session, user, day): independent streams
    /// make the outcome independent of the order in which users are simulated.
    init(_ seed: UInt64, _ stream: RandomStream, _ a: UInt64 = 0, _ b: UInt64 = 0, _ c: UInt64 = 0) {
        state = StreamHash.hash(seed, stream.rawValue, a, b, c)
    }

    @inline(__always) mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return StreamHash.finalize(state)
    }

    /// Uniform in [0, 1) with 53 random bits.
    @inline(__always) mutating func uniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// Uniform integer in 0..<n (n > 0), by a 128-bit multiply (no modulo bias to speak of).
    @inline(__always) mutating func below(_ n: Int) -> Int {
        Int(UInt64(n).multipliedFullWidth(by: next()).high)
    }

    /// Approximately standard normal: the Irwin–Hall sum of four uniforms, rescaled. Only
    /// additions and a multiply, so it is bit-identical everywhere (no log/cos of Box–Muller).
    @inline(__always) mutating func normal() -> Double {
        (uniform() + uniform() + uniform() + uniform() - 2) * 1.7320508075688772
    }
}
