import Crypto

/// The cheap checks every generated model passes before anything runs.
public enum CodeChecks {
    /// Whether the source defines a top-level `class Net`.
    public static func hasNetClass(_ source: String) -> Bool {
        source.split(separator: "\n").contains { line in
            guard line.hasPrefix("class Net") else { return false }
            let next = line.dropFirst("class Net".count).first
            return next == "(" || next == ":" || next == " "
        }
    }

    /// SHA-256 (hex) of the source with every whitespace character removed, as in the study:
    /// two files that differ only in spacing, indentation width or blank lines are the same model.
    /// Whitespace is ASCII's (space, tab, newline, carriage return, vertical tab, form feed),
    /// which is all Python's own tokenizer treats as such outside string literals.
    public static func fingerprint(_ source: String) -> String {
        var bytes = [UInt8]()
        bytes.reserveCapacity(source.utf8.count)
        for byte in source.utf8 where !(byte == 0x20 || (0x09...0x0D).contains(byte)) { bytes.append(byte) }
        let digest = SHA256.hash(data: bytes)
        let hex: [UInt8] = Array("0123456789abcdef".utf8)
        var text = [UInt8]()
        text.reserveCapacity(64)
        for byte in digest {
            text.append(hex[Int(byte >> 4)])
            text.append(hex[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
