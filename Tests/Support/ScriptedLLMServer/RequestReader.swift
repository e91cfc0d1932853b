import Foundation

/// Reads HTTP/1.1 requests one after another from a keep-alive socket, buffering whatever the
/// client sent ahead (including pipelined requests).
final class RequestReader {
    /// One parsed request, and whether the connection may serve another after it.
    struct Parsed {
        let request: ScriptedRequest
        let keepAlive: Bool
    }

    /// A header block larger than this is not a client we mean to test; drop the connection.
    private static let maxHeadBytes = 1 << 20
    private static let continueLine = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    private let fd: Int32
    private var buffer: [UInt8] = []
    private var start = 0
    private var scratch = [UInt8](repeating: 0, count: 64 * 1024)

    init(fd: Int32) { self.fd = fd }

    /// The next request, or nil when the peer closed, the socket was shut down, or it sent garbage.
    func next() -> Parsed? {
        guard let head = readHead() else { return nil }
        // Split on bytes: as a Swift Character, "\r\n" is one grapheme and never equals "\n".
        var lines = head.split(separator: 10, omittingEmptySubsequences: false).map { line in
            String(decoding: line.last == 13 ? line.dropLast() : line, as: UTF8.self)
        }
        // RFC 9112 lets a server ignore empty lines ahead of a request line.
        while let first = lines.first, first.isEmpty { lines.removeFirst() }
        guard let requestLine = lines.first else { return nil }
        let parts = requestLine.split(separator: " ")
        guard parts.count == 3 else { return nil }
        let method = String(parts[0]), path = String(parts[1]), version = parts[2].uppercased()

        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            headers[name] = headers[name].map { "\($0), \(value)" } ?? value
        }

        let chunked = headers["transfer-encoding"]?.lowercased().contains("chunked") ?? false
        let length: Int
        if chunked {
            length = -1
        } else if let declared = headers["content-length"] {
            guard let value = Int(declared), value >= 0 else { return nil }
            length = value
        } else {
            length = 0
        }
        // libcurl waits up to a second for this before sending a large body; answer at once.
        if headers["expect"]?.lowercased() == "100-continue", length != 0, start == buffer.count {
            guard Socket.sendAll(fd, Self.continueLine) else { return nil }
        }
        guard let body = chunked ? readChunkedBody() : readExactly(length) else { return nil }

        let connection = headers["connection"]?.lowercased() ?? ""
        let keepAlive = version == "HTTP/1.0" ? connection.contains("keep-alive") : !connection.contains("close")
        let request = ScriptedRequest(method: method, path: path, headers: headers, body: Data(body))
        return Parsed(request: request, keepAlive: keepAlive)
    }

    /// Bytes up to (not including) the blank line that ends the header block.
    private func readHead() -> [UInt8]? {
        var scanned = 0  // bytes after `start` already known not to begin the terminator
        while true {
            if let end = find([13, 10, 13, 10], from: start + scanned) {
                let head = Array(buffer[start..<end])
                start = end + 4
                return head
            }
            scanned = max(0, buffer.count - start - 3)
            guard buffer.count - start <= Self.maxHeadBytes, fill() else { return nil }
        }
    }

    private func readExactly(_ count: Int) -> [UInt8]? {
        while buffer.count - start < count {
            guard fill() else { return nil }
        }
        let bytes = Array(buffer[start..<start + count])
        start += count
        return bytes
    }

    private func readLine() -> String? {
        var scanned = 0
        while true {
            if let end = find([13, 10], from: start + scanned) {
                let line = String(decoding: buffer[start..<end], as: UTF8.self)
                start = end + 2
                return line
            }
            scanned = max(0, buffer.count - start - 1)
            guard buffer.count - start <= Self.maxHeadBytes, fill() else { return nil }
        }
    }

    private func readChunkedBody() -> [UInt8]? {
        var body: [UInt8] = []
        while true {
            guard let line = readLine() else { return nil }
            let sizeText = line.split(separator: ";", maxSplits: 1).first.map(String.init) ?? ""
            guard let size = Int(sizeText.trimmingCharacters(in: .whitespaces), radix: 16), size >= 0 else { return nil }
            if size == 0 {
                // Skip any trailer fields up to the closing blank line.
                while let trailer = readLine() {
                    if trailer.isEmpty { return body }
                }
                return nil
            }
            guard let chunk = readExactly(size), let end = readLine(), end.isEmpty else { return nil }
            body += chunk
        }
    }

    private func find(_ pattern: [UInt8], from position: Int) -> Int? {
        guard buffer.count - position >= pattern.count else { return nil }
        var index = position
        let last = buffer.count - pattern.count
        while index <= last {
            if buffer[index] == pattern[0] {
                var match = true
                for offset in 1..<pattern.count where buffer[index + offset] != pattern[offset] {
                    match = false
                    break
                }
                if match { return index }
            }
            index += 1
        }
        return nil
    }

    /// Appends one recv's worth; false on EOF or error. Drops consumed bytes first, so a long
    /// keep-alive connection does not grow its buffer without bound. Callers hold positions only
    /// relative to `start`, which compaction preserves.
    private func fill() -> Bool {
        if start > 0 {
            buffer.removeFirst(start)
            start = 0
        }
        let count = scratch.withUnsafeMutableBytes { Socket.receive(fd, into: $0) }
        guard count > 0 else { return false }
        buffer.append(contentsOf: scratch[0..<count])
        return true
    }
}
