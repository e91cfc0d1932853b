import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One running sandboxed program: its pid, its pipes, and the kill logic.
final class SandboxRun: @unchecked Sendable {
    enum KillReason { case timedOut, cancelled }

    struct Exit {
        var termination: Termination
        var maxRSSKilobytes: Int
        var wallSeconds: Double
        var killReason: KillReason?
    }

    struct Output {
        var stdout: Data
        var stdoutDropped: Int
        var stderr: Data
    }

    let pid: pid_t
    let ownSession: Bool
    private let limits: SandboxLimits
    private let started = ContinuousClock.now
    private var stdoutFD: Int32
    private var stderrFD: Int32
    private var stdinFD: Int32?
    private let stdinData: Data

    // Guarded by `lock`.
    private let lock = NSLock()
    private var reaped = false
    private var killReason: KillReason?
    private var drainDeadline: ContinuousClock.Instant?
    private var tracked: [pid_t: UInt64] = [:]

    init(argv: [String], request: SandboxRequest, directory: String, limits: SandboxLimits) throws {
        self.limits = limits
        self.stdinData = request.stdin ?? Data()
        var argv = argv
        var directory: String? = directory
        if !Spawner.canChangeDirectory, let dir = directory {
            argv = ["/bin/sh", "-c", "cd -- \"$0\" || exit 126; exec \"$@\"", dir] + argv
            directory = nil
        }
        let out = try Spawner.makePipe()
        let err: (read: Int32, write: Int32)
        do { err = try Spawner.makePipe() } catch {
            close(out.read); close(out.write)
            throw error
        }
        var input: (read: Int32, write: Int32)?
        if request.stdin != nil {
            do { input = try Spawner.makePipe() } catch {
                close(out.read); close(out.write); close(err.read); close(err.write)
                throw error
            }
        }
        defer {
            close(out.write)
            close(err.write)
            if let input { close(input.read) }
        }
        do {
            (pid, ownSession) = try Spawner.spawn(
                argv: argv, environment: request.environment, directory: directory,
                stdin: input?.read, stdout: out.write, stderr: err.write)
        } catch {
            close(out.read); close(err.read)
            if let input { close(input.write) }
            throw error
        }
        stdoutFD = out.read
        stderrFD = err.read
        stdinFD = input?.write
        if let fd = stdinFD { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
    }

    // MARK: Killing

    /// Sends `signal` to the whole tree while the leader is not reaped (so its pid, which is
    /// also the group and session id, cannot have been reused).
    private func signalTree(_ signal: Int32) {
        lock.lock()
        defer { lock.unlock() }
        guard !reaped else { return }
        _ = signalTreeLocked(signal)
    }

    /// Finds the tree first (before a signal can orphan anyone), remembers every member seen
    /// (by pid and start time, so that an orphan found by an earlier sweep is still killed
    /// later and a reused pid is not), then signals the group and each live member.
    /// Returns how many live members other than the leader were signalled.
    private func signalTreeLocked(_ signal: Int32) -> Int {
        let table = ProcessTable.snapshot()
        for member in ProcessTable.tree(root: pid, ownSession: ownSession, in: table) {
            tracked[member.pid] = member.startTime
        }
        _ = killpg(pid, signal)
        var others = 0
        for (member, start) in tracked {
            guard let entry = table[member], entry.startTime == start, entry.isAlive else { continue }
            _ = kill(member, signal)
            if member != pid { others += 1 }
        }
        return others
    }

    /// SIGTERM now, SIGKILL after the grace period.
    func terminate(_ reason: KillReason) {
        lock.lock()
        if reaped {
            lock.unlock()
            return
        }
        if killReason == nil { killReason = reason }
        _ = signalTreeLocked(SIGTERM)
        _ = signalTreeLocked(SIGCONT)
        lock.unlock()
        DispatchQueue.global().asyncAfter(deadline: .now() + limits.terminationGrace.seconds) { [self] in
            signalTree(SIGKILL)
        }
    }

    // MARK: Waiting

    /// Waits on a dedicated thread for the leader to exit, kills what it left behind, waits for
    /// the tree to die, then reaps the leader.
    func waitForExit() async -> Exit {
        await withCheckedContinuation { (continuation: CheckedContinuation<Exit, Never>) in
            Thread.detachNewThread { [self] in
                continuation.resume(returning: blockingWait())
            }
        }
    }

    private func blockingWait() -> Exit {
        var info = siginfo_t()
        while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) != 0 {
            if errno != EINTR { break }
        }
        // The leader is a zombie now: its pid still names the group and session.
        let deadline = ContinuousClock.now + .seconds(5)
        while true {
            lock.lock()
            let live = signalTreeLocked(SIGKILL)
            lock.unlock()
            if live == 0 || ContinuousClock.now > deadline { break }
            usleep(5_000)
        }
        var status: Int32 = 0
        var usage = rusage()
        lock.lock()
        while wait4(pid, &status, 0, &usage) < 0 {
            if errno != EINTR { break }
        }
        reaped = true
        let reason = killReason
        drainDeadline = ContinuousClock.now + .seconds(2)
        lock.unlock()
        let termination: Termination = status & 0x7f == 0 ? .exited((status >> 8) & 0xff) : .signaled(status & 0x7f)
        let elapsed = ContinuousClock.now - started
        return Exit(termination: termination, maxRSSKilobytes: Int(usage.ru_maxrss), wallSeconds: elapsed.seconds, killReason: reason)
    }

    // MARK: Output

    /// Reads stdout and stderr (and feeds stdin) on a dedicated thread until both outputs
    /// close, or 2 s after the leader was reaped if an escaped process still holds them.
    func collectOutput() async -> Output {
        await withCheckedContinuation { (continuation: CheckedContinuation<Output, Never>) in
            Thread.detachNewThread { [self] in
                continuation.resume(returning: pumpOutput())
            }
        }
    }

    private func pumpOutput() -> Output {
        // Writing to a pipe whose reader is gone raises SIGPIPE; block it on this thread so the
        // write fails with EPIPE instead.
        var pipeSignal = sigset_t()
        sigemptyset(&pipeSignal)
        sigaddset(&pipeSignal, SIGPIPE)
        pthread_sigmask(SIG_BLOCK, &pipeSignal, nil)

        let keepOut = max(limits.maxOutputBytes, 0)
        let keepErr = max(limits.stderrTailBytes, 0)
        var out = TailBuffer(limit: keepOut)
        var err = TailBuffer(limit: keepErr)
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var stdinOffset = 0
        var outOpen = true
        var errOpen = true

        func closeStdin() {
            if let fd = stdinFD { close(fd) }
            stdinFD = nil
        }
        if stdinFD != nil && stdinData.isEmpty { closeStdin() }

        while outOpen || errOpen {
            var fds: [pollfd] = []
            if outOpen { fds.append(pollfd(fd: stdoutFD, events: Int16(POLLIN), revents: 0)) }
            if errOpen { fds.append(pollfd(fd: stderrFD, events: Int16(POLLIN), revents: 0)) }
            if let fd = stdinFD { fds.append(pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)) }
            let ready = poll(&fds, nfds_t(fds.count), 100)
            if ready < 0 && errno != EINTR { break }
            if ready <= 0 {
                lock.lock()
                let deadline = drainDeadline
                lock.unlock()
                if let deadline, ContinuousClock.now > deadline { break }
                continue
            }
            for entry in fds where entry.revents != 0 {
                if entry.fd == stdinFD {
                    let n = stdinData.withUnsafeBytes { raw in
                        write(entry.fd, raw.baseAddress! + stdinOffset, min(raw.count - stdinOffset, 1 << 16))
                    }
                    if n > 0 { stdinOffset += n }
                    if (n < 0 && errno != EAGAIN && errno != EINTR) || stdinOffset >= stdinData.count {
                        closeStdin()
                    }
                    continue
                }
                let n = chunk.withUnsafeMutableBytes { read(entry.fd, $0.baseAddress, $0.count) }
                if n > 0 {
                    if entry.fd == stdoutFD { out.append(chunk[0..<n]) } else { err.append(chunk[0..<n]) }
                } else if n == 0 || (errno != EINTR && errno != EAGAIN) {
                    if entry.fd == stdoutFD { outOpen = false } else { errOpen = false }
                }
            }
        }
        closeStdin()
        close(stdoutFD)
        close(stderrFD)
        // Consume a SIGPIPE left pending on this thread.
        var zero = timespec()
        while sigtimedwait(&pipeSignal, nil, &zero) > 0 {}
        let kept = out.data
        return Output(stdout: kept, stdoutDropped: out.totalAppended - kept.count, stderr: err.data)
    }
}

/// Keeps the last `limit` bytes appended, counting what it drops.
struct TailBuffer {
    let limit: Int
    private var bytes: [UInt8] = []
    private(set) var totalAppended = 0

    init(limit: Int) { self.limit = limit }

    mutating func append(_ chunk: ArraySlice<UInt8>) {
        totalAppended += chunk.count
        bytes.append(contentsOf: chunk)
        if bytes.count > 2 * limit + (1 << 16) { trim() }
    }

    private mutating func trim() {
        let excess = bytes.count - limit
        guard excess > 0 else { return }
        bytes.removeFirst(excess)
    }

    var data: Data {
        var copy = self
        copy.trim()
        return Data(copy.bytes)
    }
}
