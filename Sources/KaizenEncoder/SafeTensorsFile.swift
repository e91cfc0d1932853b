import Foundation

/// A `.safetensors` file: an 8-byte little-endian header length, a JSON header mapping tensor
/// names to dtype, shape and byte range, then the raw little-endian tensor bytes. Reading it
/// directly keeps the encoder free of Python and of any ML runtime; the header is checked
/// up front so a truncated or foreign file fails with the file's name and the reason.
public struct SafeTensorsFile: Sendable {
    /// One entry of the header.
    public struct TensorInfo: Sendable, Equatable {
        public let dtype: String
        public let shape: [Int]
        /// Byte range within the data section (after the header).
        public let byteRange: Range<Int>
        public var elementCount: Int { shape.reduce(1, *) }
    }

    public let path: String
    public let tensors: [String: TensorInfo]
    /// The optional `__metadata__` string map.
    public let metadata: [String: String]
    private let bytes: Data
    private let dataStart: Int

    /// Headers larger than this are refused rather than parsed (the format's own limit).
    static let maximumHeaderBytes = 100_000_000

    public init(url: URL) throws {
        let path = url.path
        guard FileManager.default.fileExists(atPath: path) else { throw EncoderError.missingFile(path: path) }
        let data: Data
        do {
            data = try Data(contentsOf: url, options: .alwaysMapped)
        } catch {
            throw EncoderError.unreadableFile(path: path, reason: "\(error)")
        }
        try self.init(data: data, path: path)
    }

    /// Parses an in-memory file; `path` only names it in errors.
    public init(data: Data, path: String) throws {
        self.path = path
        bytes = data
        func bad(_ reason: String) -> EncoderError { .badHeader(path: path, reason: reason) }
        guard data.count >= 8 else { throw bad("file is \(data.count) bytes, shorter than the 8-byte header length") }
        var length: UInt64 = 0
        for i in (0..<8).reversed() { length = length << 8 | UInt64(data[data.startIndex + i]) }
        guard length <= UInt64(Self.maximumHeaderBytes), Int(length) <= data.count - 8 else {
            throw bad("header length \(length) exceeds the file (\(data.count) bytes)")
        }
        let headerStart = data.startIndex + 8
        dataStart = headerStart + Int(length)
        let dataSize = data.count - 8 - Int(length)
        let json: Any
        do {
            json = try JSONSerialization.jsonObject(with: data[headerStart..<dataStart])
        } catch {
            throw bad("header is not JSON (\(error.localizedDescription))")
        }
        guard let object = json as? [String: Any] else { throw bad("header is not a JSON object") }
        var tensors: [String: TensorInfo] = [:]
        var metadata: [String: String] = [:]
        for (name, value) in object {
            if name == "__metadata__" {
                guard let map = value as? [String: Any] else { throw bad("__metadata__ is not an object") }
                for (key, item) in map { metadata[key] = item as? String ?? "\(item)" }
                continue
            }
            guard let entry = value as? [String: Any] else { throw bad("entry \(name) is not an object") }
            guard let dtype = entry["dtype"] as? String else { throw bad("entry \(name) has no dtype") }
            guard let shape = Self.integers(entry["shape"]), shape.allSatisfy({ $0 >= 0 }) else {
                throw bad("entry \(name) has no valid shape")
            }
            guard let offsets = Self.integers(entry["data_offsets"]), offsets.count == 2,
                  offsets[0] >= 0, offsets[0] <= offsets[1], offsets[1] <= dataSize
            else {
                throw bad("entry \(name) has data_offsets outside the \(dataSize) data bytes")
            }
            if let size = Self.elementSize(dtype) {
                let expected = shape.reduce(1, *) * size
                guard offsets[1] - offsets[0] == expected else {
                    throw bad("entry \(name) spans \(offsets[1] - offsets[0]) bytes, its \(dtype) shape \(shape) needs \(expected)")
                }
            }
            tensors[name] = TensorInfo(dtype: dtype, shape: shape, byteRange: offsets[0]..<offsets[1])
        }
        self.tensors = tensors
        self.metadata = metadata
    }

    /// The tensor's values as Float (F32 copied, F16/BF16/F64 converted), checking its shape
    /// when `shape` is given.
    public func floats(_ name: String, shape expected: [Int]? = nil) throws -> [Float] {
        guard let info = tensors[name] else { throw EncoderError.missingTensor(path: path, name: name) }
        if let expected, expected != info.shape {
            throw EncoderError.badShape(path: path, name: name, expected: expected, actual: info.shape)
        }
        let count = info.elementCount
        let start = dataStart + info.byteRange.lowerBound
        let raw = bytes[start..<(start + info.byteRange.count)]
        var out = [Float](repeating: 0, count: count)
        raw.withUnsafeBytes { (source: UnsafeRawBufferPointer) in
            out.withUnsafeMutableBufferPointer { target in
                switch info.dtype {
                case "F32":
                    #if _endian(little)
                    // The file's byte order is the host's: one copy, fast even in debug builds.
                    UnsafeMutableRawBufferPointer(target).copyMemory(from: source)
                    #else
                    for i in 0..<count {
                        target[i] = Float(bitPattern: UInt32(littleEndian: source.loadUnaligned(fromByteOffset: i &* 4, as: UInt32.self)))
                    }
                    #endif
                case "F16":
                    for i in 0..<count {
                        target[i] = Self.halfToFloat(UInt16(littleEndian: source.loadUnaligned(fromByteOffset: i &* 2, as: UInt16.self)))
                    }
                case "BF16":
                    for i in 0..<count {
                        let bits = UInt16(littleEndian: source.loadUnaligned(fromByteOffset: i &* 2, as: UInt16.self))
                        target[i] = Float(bitPattern: UInt32(bits) << 16)
                    }
                case "F64":
                    for i in 0..<count {
                        target[i] = Float(Double(bitPattern: UInt64(littleEndian: source.loadUnaligned(fromByteOffset: i &* 8, as: UInt64.self))))
                    }
                default:
                    break
                }
            }
        }
        guard ["F32", "F16", "BF16", "F64"].contains(info.dtype) else {
            throw EncoderError.unsupportedDType(path: path, name: name, dtype: info.dtype)
        }
        return out
    }

    /// IEEE 754 binary16 to binary32, subnormals, infinities and NaN included. Done by hand
    /// because Swift's `Float16` is unavailable on Intel Macs.
    static func halfToFloat(_ h: UInt16) -> Float {
        let sign = UInt32(h & 0x8000) << 16
        let exponent = UInt32(h >> 10) & 0x1F
        var mantissa = UInt32(h) & 0x3FF
        if exponent == 0x1F { return Float(bitPattern: sign | 0x7F80_0000 | mantissa << 13) }
        if exponent != 0 { return Float(bitPattern: sign | (exponent + 112) << 23 | mantissa << 13) }
        if mantissa == 0 { return Float(bitPattern: sign) }
        // Subnormal half: normalize into a Float exponent.
        var e: UInt32 = 113
        while mantissa & 0x400 == 0 {
            mantissa <<= 1
            e -= 1
        }
        return Float(bitPattern: sign | e << 23 | (mantissa & 0x3FF) << 13)
    }

    static func elementSize(_ dtype: String) -> Int? {
        switch dtype {
        case "BOOL", "U8", "I8", "F8_E5M2", "F8_E4M3": 1
        case "U16", "I16", "F16", "BF16": 2
        case "U32", "I32", "F32": 4
        case "U64", "I64", "F64": 8
        default: nil
        }
    }

    private static func integers(_ value: Any?) -> [Int]? {
        guard let array = value as? [Any] else { return nil }
        var out: [Int] = []
        for item in array {
            guard let number = item as? NSNumber, let exact = Int(exactly: number.doubleValue) else { return nil }
            out.append(exact)
        }
        return out
    }
}
