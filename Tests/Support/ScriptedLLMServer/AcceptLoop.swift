import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Accepts connections until stop() and gives each its own thread, so a stalled (delayed)
/// connection never holds up another.
enum AcceptLoop {
    static func run(listenFD: Int32, state: ServerState) {
        defer { state.closeListener() }
        var poller = pollfd(fd: listenFD, events: Int16(POLLIN), revents: 0)
        while !state.isStopped {
            // The timeout is a backstop: shutdown() in stop() normally wakes accept at once.
            guard poll(&poller, 1, 200) > 0 else { continue }
            let client = accept(listenFD, nil, nil)
            guard client >= 0 else {
                // EINTR, ECONNABORTED, or EINVAL after stop(); back off a little on anything
                // persistent such as EMFILE instead of spinning.
                if errno != EINTR && errno != ECONNABORTED { usleep(1_000) }
                continue
            }
            guard state.register(client) else {
                close(client)
                break
            }
            Socket.configureAccepted(client)
            let thread = Thread { Connection(fd: client, state: state).run() }
            thread.name = "ScriptedLLMServer connection \(client)"
            thread.start()
        }
    }
}
