import Foundation

/// Serves one client socket on its own thread: read a request, record it, do its scripted
/// action, and repeat while the client keeps the connection alive.
final class Connection {
    private let fd: Int32
    private let state: ServerState
    private let reader: RequestReader

    init(fd: Int32, state: ServerState) {
        self.fd = fd
        self.state = state
        self.reader = RequestReader(fd: fd)
    }

    func run() {
        defer { state.unregisterAndClose(fd) }
        while !state.isStopped, let parsed = reader.next() {
            state.record(parsed.request)
            let reply = state.reply(parsed.request)
            guard perform(reply.action, for: parsed, keepAlive: parsed.keepAlive && !reply.closeAfter) else { return }
        }
    }

    /// Carries out one action; false when the connection must close afterwards.
    private func perform(_ action: ScriptedAction, for parsed: RequestReader.Parsed, keepAlive: Bool) -> Bool {
        switch action {
        case let .respond(status, headers, body):
            let scriptedClose = headers.contains { $0.key.lowercased() == "connection" && $0.value.lowercased() == "close" }
            let keepAlive = keepAlive && !scriptedClose
            let head = ResponseHead.encode(
                status: status, headers: headers, contentLength: body.utf8.count, keepAlive: keepAlive)
            let bytes = parsed.request.method == "HEAD" ? head : head + Array(body.utf8)
            return Socket.sendAll(fd, bytes) && keepAlive
        case let .delay(seconds, next):
            return state.sleep(seconds: seconds) && perform(next, for: parsed, keepAlive: keepAlive)
        case .close:
            return false
        case let .truncate(status, body, bytes):
            let full = Array(body.utf8)
            let head = ResponseHead.encode(status: status, headers: [:], contentLength: full.count, keepAlive: false)
            _ = Socket.sendAll(fd, head + full.prefix(max(0, bytes)))
            return false
        }
    }
}
