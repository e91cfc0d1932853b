import Foundation

/// A scripted OpenAI-compatible HTTP/1.1 server on a real loopback socket: a test double that
/// exercises the client's whole network stack (URLSession, libcurl, keep-alive, timeouts), which a
/// mocked URLProtocol would skip. Fast enough for the client-overhead benchmark: keep-alive
/// connections, one thread each, TCP_NODELAY.
public final class ScriptedLLMServer: @unchecked Sendable {
    /// The kernel-chosen port on 127.0.0.1.
    public let port: Int
    private let state: ServerState

    /// Binds 127.0.0.1 on an ephemeral port and starts serving; every request is answered by `handler`.
    /// A `.respond` with a `Connection: close` header closes the connection after it.
    public convenience init(handler: @escaping @Sendable (ScriptedRequest) -> ScriptedAction) throws {
        try self.init(reply: { Reply(action: handler($0), closeAfter: false) })
    }

    init(reply: @escaping @Sendable (ScriptedRequest) -> Reply) throws {
        let (fd, port) = try Socket.listenOnLoopback()
        let state = ServerState(listenFD: fd, reply: reply)
        self.port = port
        self.state = state
        let thread = Thread { AcceptLoop.run(listenFD: fd, state: state) }
        thread.name = "ScriptedLLMServer accept :\(port)"
        thread.start()
    }

    /// Answers requests in order from `script`; once it is used up, answers with `fallback`.
    /// The response before a `.close` step also closes its connection (see `ScriptedAction.close`).
    public convenience init(
        script: [ScriptedAction],
        fallback: ScriptedAction = .respond(status: 500, body: "{\"error\":\"script exhausted\"}")
    ) throws {
        let queue = ScriptQueue(script: script, fallback: fallback)
        try self.init(reply: { _ in queue.next() })
    }

    deinit { stop() }

    /// The base URL an OpenAI client is configured with: http://127.0.0.1:PORT/v1
    public var baseURL: URL { URL(string: "http://127.0.0.1:\(port)/v1")! }

    /// Every request received, in order of arrival (recorded before its action runs).
    public var requests: [ScriptedRequest] { state.requests }

    public var requestCount: Int { state.requestCount }

    /// How many TCP connections were accepted; lets a test check that keep-alive reused them.
    public var connectionCount: Int { state.connectionCount }

    /// Closes the listening socket and all connections, waking any scripted delay; idempotent.
    /// When it returns, new connections are refused.
    public func stop() {
        _ = state.beginStop()
        state.waitForListenerClosed()
    }
}
