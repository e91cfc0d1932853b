/// Mixes a seed and a few keys into one 64-bit value (SplitMix64's finalizer), to seed
/// independent random streams and to hash users into experiment arms.
enum StreamHash {
    @inline(__always) static func finalize(_ x: UInt64) -> UInt64 {
        var z = x
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    static func hash(_ seed: UInt64, _ stream: UInt64, _ a: UInt64, _ b: UInt64, _ c: UInt64) -> UInt64 {
        var h = finalize(seed &+ 0x9E37_79B9_7F4A_7C15)
        h = finalize(h ^ (stream &* 0xD6E8_FEB8_6659_FD93))
        h = finalize(h ^ (a &* 0xA076_1D64_78BD_642F))
        h = finalize(h ^ (b &* 0xE703_7ED1_A0B4_28DB))
        h = finalize(h ^ (c &* 0x8EBC_6AF0_9C88_C6E3))
        return h
    }

    /// Uniform in [0, 1) from a hash.
    static func unit(_ h: UInt64) -> Double { Double(h >> 11) * 0x1.0p-53 }
}
