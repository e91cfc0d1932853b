import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What this machine lets the sandbox enforce. Detected once per process by trying the
/// mechanisms (`unshare`, `prlimit`) on `/bin/true`.
public struct SandboxCapabilities: Sendable, Equatable {
    /// A new network namespace works here: `unshare --net` (as root) or `unshare -rn`
    /// (user + network namespaces, unprivileged).
    public var networkIsolation: Bool
    /// An address-space limit (RLIMIT_AS) can be set on the child: through `prlimit`, or
    /// through `/bin/sh`'s `ulimit -v` when `prlimit` is missing.
    public var memoryLimit: Bool
    /// The command prefix that enters a new network namespace, e.g. `["/usr/bin/unshare", "--net", "--"]`.
    public var networkIsolationPrefix: [String]?
    /// `prlimit`'s absolute path when it is installed.
    public var prlimitPath: String?

    public init(networkIsolation: Bool, memoryLimit: Bool, networkIsolationPrefix: [String]? = nil, prlimitPath: String? = nil) {
        self.networkIsolation = networkIsolation
        self.memoryLimit = memoryLimit
        self.networkIsolationPrefix = networkIsolationPrefix
        self.prlimitPath = prlimitPath
    }

    /// Detected on first use and cached for the life of the process.
    public static func detect() -> SandboxCapabilities { cached }

    private static let cached: SandboxCapabilities = probe()

    static let trustedToolDirectories = ["/usr/bin", "/bin", "/usr/sbin", "/sbin", "/usr/local/bin"]

    static func trustedTool(_ name: String) -> String? {
        for dir in trustedToolDirectories {
            let path = dir + "/" + name
            if access(path, X_OK) == 0 { return path }
        }
        return nil
    }

    /// Runs the probes. Public callers use `detect()`.
    static func probe() -> SandboxCapabilities {
        let truePath = trustedTool("true") ?? "/bin/true"
        var prefix: [String]?
        if let unshare = trustedTool("unshare") {
            var candidates: [[String]] = []
            if geteuid() == 0 { candidates.append([unshare, "--net", "--"]) }
            candidates.append([unshare, "--map-root-user", "--net", "--"])
            for candidate in candidates where Spawner.runQuietly(candidate + [truePath]) == 0 {
                prefix = candidate
                break
            }
        }
        let prlimit = trustedTool("prlimit").flatMap { path in
            Spawner.runQuietly([path, "--as=\(1 << 30)", "--", truePath]) == 0 ? path : nil
        }
        let shellLimit = prlimit == nil && Spawner.runQuietly(["/bin/sh", "-c", "ulimit -v 1048576 && exec \"$0\"", truePath]) == 0
        return SandboxCapabilities(
            networkIsolation: prefix != nil, memoryLimit: prlimit != nil || shellLimit,
            networkIsolationPrefix: prefix, prlimitPath: prlimit)
    }
}
