import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Everything the accept and connection threads share, behind one lock. Threads hold this rather
/// than the server object, so dropping the last reference to the server still runs its deinit.
///
/// Only the thread that owns a socket closes it, and only after taking it out of this registry
/// under the lock; stop() merely shuts sockets down under the same lock. So stop() can never touch
/// a descriptor number that has been closed and reused elsewhere.
final class ServerState: @unchecked Sendable {
    let reply: @Sendable (ScriptedRequest) -> Reply

    private let condition = NSCondition()
    private let listenFD: Int32
    private var listening = true
    private var stopped = false
    private var connections = Set<Int32>()
    private var recorded: [ScriptedRequest] = []
    private var accepted = 0

    init(listenFD: Int32, reply: @escaping @Sendable (ScriptedRequest) -> Reply) {
        self.listenFD = listenFD
        self.reply = reply
    }

    var isStopped: Bool { locked { stopped } }
    var requests: [ScriptedRequest] { locked { recorded } }
    var requestCount: Int { locked { recorded.count } }
    var connectionCount: Int { locked { accepted } }

    func record(_ request: ScriptedRequest) {
        locked { recorded.append(request) }
    }

    /// Adopts an accepted socket; false once stopping, and then the caller closes it itself.
    func register(_ fd: Int32) -> Bool {
        locked {
            guard !stopped else { return false }
            connections.insert(fd)
            accepted += 1
            return true
        }
    }

    /// Called by a connection's own thread when it is done with its socket.
    func unregisterAndClose(_ fd: Int32) {
        locked { _ = connections.remove(fd) }
        close(fd)
    }

    /// Called by the accept thread as it exits; it owns the listening socket.
    func closeListener() {
        locked {
            close(listenFD)
            listening = false
            condition.broadcast()
        }
    }

    /// Wakes every blocked accept, recv and delay; true only for the first call.
    func beginStop() -> Bool {
        locked {
            guard !stopped else { return false }
            stopped = true
            // On Linux, shutting down a listening socket refuses new connections at once and
            // makes a blocked accept() return; the accept thread then closes it.
            if listening { Socket.shutdownBoth(listenFD) }
            for fd in connections { Socket.shutdownBoth(fd) }
            condition.broadcast()
            return true
        }
    }

    /// Returns once the listening socket is closed, so connections are refused after stop().
    func waitForListenerClosed() {
        locked { while listening { condition.wait() } }
    }

    /// Sleeps for a scripted delay; returns early with false when the server stops, so stop()
    /// never waits on a stalled response.
    func sleep(seconds: Double) -> Bool {
        let deadline = Date(timeIntervalSinceNow: max(0, seconds))
        return locked {
            while !stopped && Date() < deadline { _ = condition.wait(until: deadline) }
            return !stopped
        }
    }

    private func locked<T>(_ body: () throws -> T) rethrows -> T {
        condition.lock()
        defer { condition.unlock() }
        return try body()
    }
}
