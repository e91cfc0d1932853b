import Foundation
import KaizenCore
import Logging
#if canImport(Glibc)
import Glibc
#endif

/// Runs untrusted programs (a user's training script) with limits.
///
/// What `run` guarantees, and what it does not:
/// - **Process tree.** The program starts in a new session (`POSIX_SPAWN_SETSID`), hence its
///   own process group, with default signal dispositions, an empty signal mask, and no file
///   descriptors besides 0, 1 and 2. When the wall clock runs out or the calling task is
///   cancelled, the tree gets SIGTERM (and SIGCONT), then SIGKILL after
///   `limits.terminationGrace`. Whenever the program itself exits, whatever it left behind
///   gets SIGKILL. The tree is: the process group, the session, and every descendant reachable
///   through parent links at kill time. `run` returns only after no live (non-zombie) member
///   of that tree remains (it waits up to 5 s for the kernel to finish the kills). A process
///   that both leaves the session (`setsid`) and is orphaned before the kill (a classic
///   double-forking daemon) is not found; nothing short of a PID namespace or cgroup would.
/// - **Memory.** `limits.memoryBytes` becomes RLIMIT_AS (virtual address space, soft and hard)
///   via `prlimit --as=N --` (or `ulimit -v` in `/bin/sh` without prlimit). It applies to each
///   process separately, so a program with N children may use up to N times the limit in
///   total; and runtimes that reserve large address ranges (JAX, CUDA, some JVMs) may fail
///   under a limit far above their real use. Allocations beyond it fail (`malloc` returns
///   NULL, Python raises MemoryError); nothing is killed by the limit itself. A run is
///   classified `.memoryLimitExceeded` by a heuristic, only when a memory limit was set:
///   a non-zero exit or a SIGSEGV/SIGABRT/SIGBUS whose stderr tail names an allocation
///   failure (`MemoryError`, `bad_alloc`, `out of memory`, `Cannot allocate memory`,
///   `failed to allocate`, ...); an unrequested SIGKILL (what the kernel's OOM killer sends);
///   or any signal death with a peak RSS of at least 90% of the limit. Other deaths keep their
///   exit status or signal (`rawStatus` always has the kernel's answer).
/// - **Network.** With `limits.blockNetwork` and `SandboxCapabilities.networkIsolation`, the
///   program runs in a new, empty network namespace (`unshare --net`, or `unshare -rn` when not
///   root): no interface is up, not even loopback, so it can reach neither the internet nor
///   services on this host over TCP/UDP. Unix-domain sockets on the shared filesystem and the
///   filesystem itself are NOT isolated. Where namespaces are unavailable the program runs
///   with the host's network and a warning is logged.
/// - **Environment.** The child gets exactly `request.environment`; build it with
///   `environment(from:allow:)` so that only allow-listed variables (by default
///   `defaultEnvironmentAllowList`: no API keys, tokens or credentials) pass through.
/// - **Output.** stdout and stderr are read concurrently on one thread with `poll`, so a child
///   printing gigabytes never blocks; the last `maxOutputBytes` of stdout and the last
///   `stderrTailBytes` of stderr are kept. Stdin is `/dev/null` unless `request.stdin` is set.
/// - Not isolated: the filesystem (the program runs as the calling user), CPU, processes count,
///   disk use, and IPC.
public enum Sandbox {
    /// Variables passed from the parent by default; everything else (API keys, tokens, cloud
    /// credentials, `KAIZEN_*` secrets) is dropped.
    public static let defaultEnvironmentAllowList = ["PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "PYTHONPATH", "VIRTUAL_ENV"]

    static let logger = Logger(label: "kaizen.sandbox")

    /// The variables of `parent` whose names are in `allow`. An entry ending in `*` allows
    /// every name with that prefix (e.g. `LC_*`); all other entries match exactly.
    public static func environment(from parent: [String: String], allow: [String]) -> [String: String] {
        let exact = Set(allow.filter { !$0.hasSuffix("*") })
        let prefixes = allow.filter { $0.hasSuffix("*") }.map { String($0.dropLast()) }
        return parent.filter { name, _ in exact.contains(name) || prefixes.contains { name.hasPrefix($0) } }
    }

    /// Runs the program and returns how it ended. Throws `SandboxError` only when it cannot be
    /// started at all, and `CancellationError` when the calling task was cancelled (after the
    /// whole tree was killed).
    public static func run(_ request: SandboxRequest, limits: SandboxLimits) async throws -> SandboxResult {
        try Task.checkCancellation()
        let capabilities = SandboxCapabilities.detect()
        let directory = request.workingDirectory.standardizedFileURL.path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw SandboxError.workingDirectoryMissing(directory)
        }
        let executable = try resolveExecutable(request.executable, environment: request.environment, directory: directory)

        var argv: [String] = []
        if limits.blockNetwork {
            if let prefix = capabilities.networkIsolationPrefix {
                argv += prefix
            } else {
                logger.warning("network isolation is not available on this machine; the program runs with the host network")
            }
        }
        if let bytes = limits.memoryBytes {
            if let prlimit = capabilities.prlimitPath {
                argv += [prlimit, "--as=\(max(bytes, 1))", "--"]
            } else {
                argv += ["/bin/sh", "-c", "ulimit -v \(max(bytes / 1024, 1)) && exec \"$@\"", "sh"]
            }
        }
        argv.append(executable)
        argv += request.arguments

        let run = try SandboxRun(argv: argv, request: request, directory: directory, limits: limits)
        logger.debug("started sandboxed program", metadata: ["pid": "\(run.pid)", "argv": "\(argv)"])
        let timer = DispatchWorkItem { [run] in run.terminate(.timedOut) }
        DispatchQueue.global().asyncAfter(deadline: .now() + limits.wallClock.seconds, execute: timer)
        let (exit, output) = await withTaskCancellationHandler {
            async let exit = run.waitForExit()
            async let output = run.collectOutput()
            return await (exit, output)
        } onCancel: {
            run.terminate(.cancelled)
        }
        timer.cancel()

        let stderrTail = decodeTail(output.stderr)
        let peak = exit.maxRSSKilobytes > 0 ? exit.maxRSSKilobytes * 1024 : nil
        let raw = exit.termination
        var status: Termination
        switch exit.killReason {
        case .cancelled?: throw CancellationError()
        case .timedOut?: status = .timedOut
        case nil:
            status = classify(raw, memoryLimit: limits.memoryBytes, stderrTail: stderrTail, peakBytes: peak)
        }
        if status == .memoryLimitExceeded { logger.debug("classified as memory limit", metadata: ["raw": "\(raw)"]) }
        return SandboxResult(
            status: status, stdout: output.stdout, stdoutDroppedBytes: output.stdoutDropped, stderrTail: stderrTail,
            wallSeconds: exit.wallSeconds, peakMemoryBytes: peak, rawStatus: raw)
    }

    /// The memory heuristic described on `Sandbox`.
    static func classify(_ raw: Termination, memoryLimit: Int?, stderrTail: String, peakBytes: Int?) -> Termination {
        guard let limit = memoryLimit else { return raw }
        let text = stderrTail.lowercased()
        let markers = [
            "memoryerror", "bad_alloc", "out of memory", "cannot allocate memory", "failed to allocate",
            "memory allocation failed", "outofmemoryerror", "allocation failed", "enomem", "unable to allocate",
        ]
        let namesAllocationFailure = markers.contains { text.contains($0) }
        switch raw {
        case .exited(let code) where code != 0:
            return namesAllocationFailure ? .memoryLimitExceeded : raw
        case .signaled(let signal):
            if signal == SIGKILL { return .memoryLimitExceeded }
            if let peakBytes, Double(peakBytes) >= 0.9 * Double(limit) { return .memoryLimitExceeded }
            if [SIGSEGV, SIGABRT, SIGBUS].contains(signal), namesAllocationFailure { return .memoryLimitExceeded }
            return raw
        default:
            return raw
        }
    }

    /// `name` as an absolute path: searched on the child's PATH when it has no slash.
    static func resolveExecutable(_ name: String, environment: [String: String], directory: String) throws(SandboxError) -> String {
        func isExecutableFile(_ path: String) -> Bool {
            var st = stat()
            return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG && access(path, X_OK) == 0
        }
        if name.contains("/") {
            let path = name.hasPrefix("/") ? name : directory + "/" + name
            guard isExecutableFile(path) else {
                if FileManager.default.fileExists(atPath: path) { throw .notExecutable(path) }
                throw .executableNotFound(name, searchPath: directory)
            }
            return path
        }
        let searchPath = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for dir in searchPath.split(separator: ":", omittingEmptySubsequences: false) {
            let base = dir.isEmpty ? directory : (dir.hasPrefix("/") ? String(dir) : directory + "/" + dir)
            let path = base + "/" + name
            if isExecutableFile(path) { return path }
        }
        throw .executableNotFound(name, searchPath: searchPath)
    }

    /// The bytes as UTF-8, starting at a character boundary.
    static func decodeTail(_ data: Data) -> String {
        var bytes = data[...]
        var skipped = 0
        while let first = bytes.first, first & 0xC0 == 0x80, skipped < 3 {
            bytes = bytes.dropFirst()
            skipped += 1
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
