import Foundation

/// Short, sortable, collision-resistant identifiers: a prefix, the creation time in
/// milliseconds (base 36) and random bits. Sorting by id sorts by creation time.
public enum KaizenID {
    public static func make(_ prefix: String, now: Date = Date()) -> String {
        let ms = UInt64(max(0, now.timeIntervalSince1970 * 1000))
        var time = String(ms, radix: 36)
        time = String(repeating: "0", count: max(0, 9 - time.count)) + time
        let random = String(UInt64.random(in: 0..<(1 << 40)), radix: 36)
        return "\(prefix)_\(time)\(String(repeating: "0", count: max(0, 8 - random.count)))\(random)"
    }
}
