import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A fault-injecting HTTP proxy on loopback, between an LLM client and an upstream server
/// (usually a `ScriptedLLMServer`). A seeded share of requests — `rate` of every block of ten,
/// at seeded positions — meets one fault instead of the upstream's answer, the classes taken in
/// rotation; the rest are forwarded unchanged. It counts what it injected per class.
///
/// Every response ends its connection (`Connection: close`), so each request arrives on a fresh
/// connection. That keeps the counts exact: libcurl silently re-sends a request whose *reused*
/// keep-alive connection dies before a byte of reply, which would hide an injected reset.
public final class FaultProxy: @unchecked Sendable {
    /// What the proxy can do to a request instead of forwarding it.
    public enum Fault: String, CaseIterable, Sendable, Hashable {
        /// Read the request, then close with SO_LINGER 0: the client gets a TCP reset, no reply.
        case reset
        /// `429 Too Many Requests` with `Retry-After: 1`.
        case tooManyRequests = "429"
        /// `500 Internal Server Error` with an OpenAI-style error body.
        case serverError = "500"
        /// Hold the connection open, answering nothing, for `stallSeconds` (or until the client gives up).
        case stall
        /// `200` whose Content-Length promises more than is sent before the connection closes.
        case truncated
        /// `200` with an HTML body, not JSON.
        case notJSON = "non-json"
    }

    /// The kernel-chosen port on 127.0.0.1.
    public let port: Int
    public let upstreamPort: Int
    private let state: ProxyState

    /// - Parameters:
    ///   - upstreamPort: where requests that are not faulted go, on 127.0.0.1.
    ///   - seed: seeds which requests are faulted.
    ///   - rate: the share of requests faulted, in tenths (0.3: three of every ten).
    ///   - classes: the fault classes, injected in this order, round and round.
    ///   - stallSeconds: how long a stall holds the connection.
    public init(upstreamPort: Int, seed: UInt64, rate: Double = 0.3, classes: [Fault] = Fault.allCases, stallSeconds: Double = 30) throws {
        let (fd, port) = try Socket.listenOnLoopback()
        self.port = port
        self.upstreamPort = upstreamPort
        let state = ProxyState(
            listenFD: fd, upstreamPort: upstreamPort, seed: seed, perTen: Int((rate * 10).rounded()), classes: classes,
            stallSeconds: stallSeconds)
        self.state = state
        let thread = Thread { ProxyState.acceptLoop(state) }
        thread.name = "FaultProxy accept :\(port)"
        thread.start()
    }

    deinit { stop() }

    /// http://127.0.0.1:PORT/v1, for the client's configuration.
    public var baseURL: URL { URL(string: "http://127.0.0.1:\(port)/v1")! }

    /// Faults injected so far, per class.
    public var injected: [Fault: Int] { state.locked { $0.injected } }
    /// Requests received (each complete HTTP request, faulted or not; bare TCP probes are not requests).
    public var requestCount: Int { state.locked { $0.requests } }
    /// Requests forwarded to the upstream and answered by it.
    public var forwardedCount: Int { state.locked { $0.forwarded } }
    /// Connections that closed before sending a whole request (e.g. a client's TCP reachability probe).
    public var emptyConnections: Int { state.locked { $0.empty } }

    /// Closes the listening socket and every connection, waking any stall; idempotent.
    public func stop() { state.stop() }
}

/// The proxy's shared state behind one lock, and its threads' work.
final class ProxyState: @unchecked Sendable {
    struct Counts {
        var requests = 0
        var forwarded = 0
        var empty = 0
        var injected: [FaultProxy.Fault: Int] = [:]
        var rotation = 0
        var block: [Bool] = []
        var seed: UInt64
    }

    let listenFD: Int32
    let upstreamPort: Int
    let perTen: Int
    let classes: [FaultProxy.Fault]
    let stallSeconds: Double
    private let condition = NSCondition()
    private var counts: Counts
    private var stopped = false
    private var listening = true
    private var connections = Set<Int32>()

    init(listenFD: Int32, upstreamPort: Int, seed: UInt64, perTen: Int, classes: [FaultProxy.Fault], stallSeconds: Double) {
        self.listenFD = listenFD
        self.upstreamPort = upstreamPort
        self.perTen = max(0, min(10, perTen))
        self.classes = classes
        self.stallSeconds = stallSeconds
        self.counts = Counts(seed: seed)
    }

    func locked<T>(_ body: (inout Counts) -> T) -> T {
        condition.lock()
        defer { condition.unlock() }
        return body(&counts)
    }

    var isStopped: Bool {
        condition.lock()
        defer { condition.unlock() }
        return stopped
    }

    /// The fault for the next request, or nil to forward it: `perTen` seeded positions of each block of ten.
    func decide() -> FaultProxy.Fault? {
        locked { c in
            c.requests += 1
            if c.block.isEmpty {
                var block = Array(repeating: true, count: perTen) + Array(repeating: false, count: 10 - perTen)
                for i in stride(from: block.count - 1, to: 0, by: -1) {
                    c.seed &+= 0x9E37_79B9_7F4A_7C15
                    var z = c.seed
                    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
                    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
                    block.swapAt(i, Int((z ^ (z >> 31)) % UInt64(i + 1)))
                }
                c.block = block
            }
            guard c.block.removeFirst(), !classes.isEmpty else {
                c.forwarded += 1
                return nil
            }
            let fault = classes[c.rotation % classes.count]
            c.rotation += 1
            c.injected[fault, default: 0] += 1
            return fault
        }
    }

    static func acceptLoop(_ state: ProxyState) {
        defer { state.closeListener() }
        var poller = pollfd(fd: state.listenFD, events: Int16(POLLIN), revents: 0)
        while !state.isStopped {
            guard poll(&poller, 1, 200) > 0 else { continue }
            let client = accept(state.listenFD, nil, nil)
            guard client >= 0 else {
                if errno != EINTR && errno != ECONNABORTED { usleep(1_000) }
                continue
            }
            guard state.register(client) else {
                close(client)
                break
            }
            Socket.configureAccepted(client)
            let thread = Thread { state.serve(client) }
            thread.name = "FaultProxy connection \(client)"
            thread.start()
        }
    }

    /// One request per connection: read it, fault it or forward it, close.
    private func serve(_ fd: Int32) {
        var abortive = false
        defer { unregisterAndClose(fd, abortive: abortive) }
        guard let parsed = RequestReader(fd: fd).next() else {
            locked { $0.empty += 1 }
            return
        }
        let request = parsed.request
        switch decide() {
        case nil:
            let reply = forward(request) ?? Self.response(
                status: 502, headers: ["Content-Type": "application/json"],
                body: OpenAIBody.error("the fault proxy could not reach its upstream", type: "proxy_error"))
            _ = Socket.sendAll(fd, reply)
        case .reset?:
            abortive = true
        case .tooManyRequests?:
            _ = Socket.sendAll(fd, Self.response(
                status: 429, headers: ["Content-Type": "application/json", "Retry-After": "1"],
                body: OpenAIBody.error("rate limited (injected)", type: "rate_limit_error")))
        case .serverError?:
            _ = Socket.sendAll(fd, Self.response(
                status: 500, headers: ["Content-Type": "application/json"],
                body: OpenAIBody.error("internal error (injected)", type: "server_error")))
        case .stall?:
            stall(fd)
        case .truncated?:
            let body = Array(OpenAIBody.chat(content: "{\"hypothesis\": \"cut off\"}").utf8)
            let head = ResponseHead.encode(status: 200, headers: [:], contentLength: body.count, keepAlive: false)
            _ = Socket.sendAll(fd, head + body.prefix(body.count / 2))
        case .notJSON?:
            _ = Socket.sendAll(fd, Self.response(
                status: 200, headers: ["Content-Type": "text/html"],
                body: "<html><body><h1>502 Bad Gateway</h1><p>injected by the fault proxy</p></body></html>"))
        }
    }

    static func response(status: Int, headers: [String: String], body: String) -> [UInt8] {
        ResponseHead.encode(status: status, headers: headers, contentLength: body.utf8.count, keepAlive: false) + Array(body.utf8)
    }

    /// Waits `stallSeconds`, or until the client closes its end, or the proxy stops.
    private func stall(_ fd: Int32) {
        let deadline = Date(timeIntervalSinceNow: stallSeconds)
        var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        var scratch = [UInt8](repeating: 0, count: 4096)
        while !isStopped, Date() < deadline {
            poller.revents = 0
            guard poll(&poller, 1, 200) > 0 else { continue }
            // Readable with nothing to read: the client gave up (its timeout) and closed.
            let count = scratch.withUnsafeMutableBytes { Socket.receive(fd, into: $0) }
            if count <= 0 { return }
        }
    }

    /// Sends the request upstream on a fresh connection and returns the whole response
    /// (the upstream closes after it, since the request says `Connection: close`).
    private func forward(_ request: ScriptedRequest) -> [UInt8]? {
        #if canImport(Glibc)
        let upstream = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let upstream = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard upstream >= 0 else { return nil }
        defer { close(upstream) }
        _ = fcntl(upstream, F_SETFD, fcntl(upstream, F_GETFD) | FD_CLOEXEC)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(upstreamPort).bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(upstream, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { return nil }
        var head = "\(request.method) \(request.path) HTTP/1.1\r\n"
        for (name, value) in request.headers.sorted(by: { $0.key < $1.key })
        where !["connection", "content-length", "transfer-encoding", "expect", "keep-alive"].contains(name) {
            head += "\(name): \(value)\r\n"
        }
        head += "Content-Length: \(request.body.count)\r\nConnection: close\r\n\r\n"
        guard Socket.sendAll(upstream, Array(head.utf8) + Array(request.body)) else { return nil }
        var reply: [UInt8] = []
        var scratch = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = scratch.withUnsafeMutableBytes { Socket.receive(upstream, into: $0) }
            if count <= 0 { break }
            reply.append(contentsOf: scratch[0..<count])
        }
        return reply.isEmpty ? nil : reply
    }

    // MARK: - Socket registry (as in ServerState: only a socket's own thread closes it)

    func register(_ fd: Int32) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard !stopped else { return false }
        connections.insert(fd)
        return true
    }

    private func unregisterAndClose(_ fd: Int32, abortive: Bool) {
        condition.lock()
        connections.remove(fd)
        condition.unlock()
        if abortive {
            var option = linger(l_onoff: 1, l_linger: 0)
            _ = setsockopt(fd, SOL_SOCKET, SO_LINGER, &option, socklen_t(MemoryLayout<linger>.size))
        }
        close(fd)
    }

    func closeListener() {
        condition.lock()
        close(listenFD)
        listening = false
        condition.broadcast()
        condition.unlock()
    }

    func stop() {
        condition.lock()
        if !stopped {
            stopped = true
            if listening { Socket.shutdownBoth(listenFD) }
            for fd in connections { Socket.shutdownBoth(fd) }
        }
        while listening { condition.wait() }
        condition.unlock()
    }
}
