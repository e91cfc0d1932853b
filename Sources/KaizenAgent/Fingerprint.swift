import KaizenCore

/// Exact de-duplication keys. A fingerprint is a 128-bit hash (two independent 64-bit FNV-1a
/// lanes) of the text with all whitespace removed, as NNGPT does for code, so reformatting
/// never makes a candidate "new". Hashing is one pass over the bytes; a lookup is a set probe.
public enum Fingerprint {
    /// The fingerprint of a config: its canonical text (sorted keys, no whitespace).
    public static func ofConfig(_ config: JSONValue) -> String {
        of(text: config.canonicalText)
    }

    /// The fingerprint of any text (code, prompts), ignoring all whitespace.
    public static func of(text: String) -> String {
        var a: UInt64 = 0xcbf2_9ce4_8422_2325
        var b: UInt64 = 0x6c62_272e_07bb_0142
        let done: Void? = text.utf8.withContiguousStorageIfAvailable { bytes in
            for byte in bytes { mix(byte, &a, &b) }
        }
        if done == nil {
            for byte in text.utf8 { mix(byte, &a, &b) }
        }
        return hex(a) + hex(b)
    }

    @inline(__always)
    static func mix(_ byte: UInt8, _ a: inout UInt64, _ b: inout UInt64) {
        // Space, tab, newline, carriage return, vertical tab, form feed.
        if byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) { return }
        a = (a ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        b = (b ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 ^ (b >> 29)
    }

    static func hex(_ x: UInt64) -> String {
        let s = String(x, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }
}
