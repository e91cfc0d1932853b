#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The few raw socket calls the server needs, wrapped so the rest of the module reads as HTTP.
enum Socket {
    #if canImport(Glibc)
    private static let streamType = Int32(SOCK_STREAM.rawValue)
    /// A write to a peer that has gone must fail with EPIPE, not kill the test process with SIGPIPE.
    private static let sendFlags = Int32(MSG_NOSIGNAL)
    #else
    private static let streamType = SOCK_STREAM
    private static let sendFlags: Int32 = 0
    #endif

    /// A listening socket on 127.0.0.1 with a kernel-chosen port, so parallel tests never collide.
    static func listenOnLoopback() throws -> (fd: Int32, port: Int) {
        let fd = socket(AF_INET, streamType, 0)
        guard fd >= 0 else { throw ScriptedLLMServerError(call: "socket", code: errno) }
        setFlag(fd, SOL_SOCKET, SO_REUSEADDR)
        markCloseOnExec(fd)

        var address = sockaddr_in()
        #if canImport(Darwin)
        address.sin_len = UInt8(MemoryLayout<sockaddr_in>.size)
        #endif
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0 else { return try fail("bind", fd) }
        guard listen(fd, 128) == 0 else { return try fail("listen", fd) }

        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else { return try fail("getsockname", fd) }
        return (fd, Int(UInt16(bigEndian: address.sin_port)))
    }

    /// Small requests and responses must not wait on Nagle's algorithm; that alone costs ~40 ms a round trip.
    static func configureAccepted(_ fd: Int32) {
        setFlag(fd, Int32(IPPROTO_TCP), TCP_NODELAY)
        markCloseOnExec(fd)
        #if canImport(Darwin)
        setFlag(fd, SOL_SOCKET, SO_NOSIGPIPE)
        #endif
    }

    /// Writes every byte, or reports false once the peer is gone (EPIPE, ECONNRESET, shut down by stop()).
    static func sendAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let sent = send(fd, buffer.baseAddress! + offset, buffer.count - offset, sendFlags)
                if sent < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                offset += sent
            }
            return true
        }
    }

    /// Reads what is available into `buffer`; 0 means the peer closed, negative an error.
    static func receive(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) -> Int {
        while true {
            let count = recv(fd, buffer.baseAddress, buffer.count, 0)
            if count < 0 && errno == EINTR { continue }
            return count
        }
    }

    static func shutdownBoth(_ fd: Int32) {
        #if canImport(Glibc)
        _ = shutdown(fd, Int32(SHUT_RDWR))
        #else
        _ = shutdown(fd, SHUT_RDWR)
        #endif
    }

    private static func setFlag(_ fd: Int32, _ level: Int32, _ name: Int32) {
        var on: Int32 = 1
        _ = setsockopt(fd, level, name, &on, socklen_t(MemoryLayout<Int32>.size))
    }

    /// Child processes a test spawns must not inherit, and so hold open, the server's sockets.
    private static func markCloseOnExec(_ fd: Int32) {
        _ = fcntl(fd, F_SETFD, fcntl(fd, F_GETFD) | FD_CLOEXEC)
    }

    private static func fail(_ call: String, _ fd: Int32) throws -> (fd: Int32, port: Int) {
        let code = errno
        close(fd)
        throw ScriptedLLMServerError(call: call, code: code)
    }
}
