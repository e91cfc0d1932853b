import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// posix_spawn with the child in a new session (so in its own process group), a clean
/// signal state, and no inherited file descriptors besides 0, 1 and 2.
enum Spawner {
    /// GNU extensions the Glibc module does not import (no `_GNU_SOURCE`), looked up at run time.
    private typealias AddChdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
    private typealias AddClosefrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    private typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Int32

    private struct GNU: @unchecked Sendable {
        let addChdir: AddChdir?
        let addClosefrom: AddClosefrom?
        let pipe2: Pipe2?
    }

    private static let gnu: GNU = {
        let handle = dlopen(nil, RTLD_NOW)
        func symbol<T>(_ name: String, as type: T.Type) -> T? {
            guard let handle, let sym = dlsym(handle, name) else { return nil }
            return unsafeBitCast(sym, to: type)
        }
        return GNU(
            addChdir: symbol("posix_spawn_file_actions_addchdir_np", as: AddChdir.self),
            addClosefrom: symbol("posix_spawn_file_actions_addclosefrom_np", as: AddClosefrom.self),
            pipe2: symbol("pipe2", as: Pipe2.self))
    }()

    /// glibc's `POSIX_SPAWN_SETSID` (2.26+), not imported into Swift.
    private static let spawnSetSID: Int32 = 0x80

    static var canChangeDirectory: Bool { gnu.addChdir != nil }

    /// A pipe whose both ends are close-on-exec: `(read, write)`.
    static func makePipe() throws(SandboxError) -> (read: Int32, write: Int32) {
        var fds: [Int32] = [-1, -1]
        if let pipe2 = gnu.pipe2 {
            let rc = fds.withUnsafeMutableBufferPointer { pipe2($0.baseAddress!, O_CLOEXEC) }
            guard rc == 0 else { throw .systemCallFailed("pipe2", errno: errno) }
        } else {
            guard pipe(&fds) == 0 else { throw .systemCallFailed("pipe", errno: errno) }
            _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
            _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
        }
        return (fds[0], fds[1])
    }

    /// Starts `argv` (argv[0] must be an absolute path). `stdin == nil` means `/dev/null`.
    /// Returns the pid and whether the child leads its own session (else only its own group).
    static func spawn(
        argv: [String], environment: [String: String], directory: String?,
        stdin: Int32?, stdout: Int32?, stderr: Int32?
    ) throws(SandboxError) -> (pid: pid_t, ownSession: Bool) {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }

        if let stdin { posix_spawn_file_actions_adddup2(&actions, stdin, 0) } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        if let stdout { posix_spawn_file_actions_adddup2(&actions, stdout, 1) } else {
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        }
        if let stderr { posix_spawn_file_actions_adddup2(&actions, stderr, 2) } else {
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        }
        if let directory {
            guard let addChdir = gnu.addChdir else { throw .systemCallFailed("posix_spawn_file_actions_addchdir_np (missing)", errno: ENOSYS) }
            let rc = directory.withCString { addChdir(&actions, $0) }
            guard rc == 0 else { throw .systemCallFailed("posix_spawn_file_actions_addchdir_np", errno: rc) }
        }
        if let addClosefrom = gnu.addClosefrom { _ = addClosefrom(&actions, 3) }

        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        // Ignored signals survive exec; the runtime may ignore SIGPIPE, the child must not.
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        var ownSession = true
        let common = Int32(POSIX_SPAWN_SETSIGMASK) | Int32(POSIX_SPAWN_SETSIGDEF)
        if posix_spawnattr_setflags(&attributes, Int16(common | spawnSetSID)) != 0 {
            ownSession = false
            posix_spawnattr_setflags(&attributes, Int16(common | Int32(POSIX_SPAWN_SETPGROUP)))
            posix_spawnattr_setpgroup(&attributes, 0)
        }

        var cArgs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        var cEnv: [UnsafeMutablePointer<CChar>?] = environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for p in cArgs { free(p) }
            for p in cEnv { free(p) }
        }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, argv[0], &actions, &attributes, &cArgs, &cEnv)
        if rc != 0 && ownSession && rc == EINVAL {
            // An old libc that rejects POSIX_SPAWN_SETSID at spawn time: fall back to a group.
            ownSession = false
            posix_spawnattr_setflags(&attributes, Int16(common | Int32(POSIX_SPAWN_SETPGROUP)))
            posix_spawnattr_setpgroup(&attributes, 0)
            let retry = posix_spawn(&pid, argv[0], &actions, &attributes, &cArgs, &cEnv)
            guard retry == 0 else { throw .spawnFailed(argv[0], errno: retry) }
            return (pid, ownSession)
        }
        guard rc == 0 else { throw .spawnFailed(argv[0], errno: rc) }
        return (pid, ownSession)
    }

    /// Runs a short probe with all stdio on /dev/null and returns its exit status
    /// (-1 when it could not start or was killed by a signal).
    static func runQuietly(_ argv: [String]) -> Int32 {
        guard let (pid, _) = try? spawn(argv: argv, environment: ["PATH": "/usr/bin:/bin"], directory: nil, stdin: nil, stdout: nil, stderr: nil) else {
            return -1
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { return -1 }
        }
        return status & 0x7f == 0 ? (status >> 8) & 0xff : -1
    }
}

/// A snapshot of /proc: who belongs to a sandboxed program's tree.
enum ProcessTable {
    struct Entry {
        var pid: pid_t
        var ppid: pid_t
        var pgrp: pid_t
        var session: pid_t
        var state: UInt8
        /// Clock ticks after boot; with the pid, it names a process even across pid reuse.
        var startTime: UInt64
        var isAlive: Bool { state != UInt8(ascii: "Z") && state != UInt8(ascii: "X") }
    }

    static func snapshot() -> [pid_t: Entry] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [:] }
        var entries: [pid_t: Entry] = [:]
        entries.reserveCapacity(names.count)
        for name in names {
            guard let pid = pid_t(name), let entry = read(pid) else { continue }
            entries[pid] = entry
        }
        return entries
    }

    static func read(_ pid: pid_t) -> Entry? {
        let fd = open("/proc/\(pid)/stat", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 2048)
        let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
        guard n > 0 else { return nil }
        // "pid (comm) state ppid pgrp session tty tpgid flags ... starttime(22nd field) ...";
        // comm may hold spaces and parentheses, so fields are counted after the last ')'.
        guard let close = buffer[0..<n].lastIndex(of: UInt8(ascii: ")")) else { return nil }
        let fields = buffer[(close + 1)..<n].split(separator: UInt8(ascii: " "))
        func number<T: FixedWidthInteger>(_ i: Int, _: T.Type) -> T? {
            i < fields.count ? T(String(decoding: fields[i], as: UTF8.self)) : nil
        }
        guard let state = fields.first?.first, let ppid = number(1, pid_t.self), let pgrp = number(2, pid_t.self),
              let session = number(3, pid_t.self), let start = number(19, UInt64.self)
        else { return nil }
        return Entry(pid: pid, ppid: ppid, pgrp: pgrp, session: session, state: state, startTime: start)
    }

    /// The tree rooted at `root` in `table`: its process group, its session (when it leads
    /// one), and every descendant by parent links (which catches children that moved to a new
    /// group or session while their parent chain still exists). Zombies included.
    static func tree(root: pid_t, ownSession: Bool, in table: [pid_t: Entry]) -> [Entry] {
        var members = Set<pid_t>()
        var children: [pid_t: [pid_t]] = [:]
        for e in table.values {
            children[e.ppid, default: []].append(e.pid)
            if e.pgrp == root || (ownSession && e.session == root) { members.insert(e.pid) }
        }
        var stack = [root] + Array(members)
        var visited = Set(stack)
        while let p = stack.popLast() {
            for c in children[p] ?? [] where visited.insert(c).inserted {
                members.insert(c)
                stack.append(c)
            }
        }
        members.insert(root)
        return members.compactMap { table[$0] }
    }
}
