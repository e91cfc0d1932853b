import Foundation

/// What a sandboxed program may use. See `Sandbox.run(_:limits:)` for what each limit guarantees.
public struct SandboxLimits: Sendable, Equatable {
    /// Wall-clock limit. When it passes, the whole process group (and session) gets SIGTERM,
    /// then SIGKILL after `terminationGrace`.
    public var wallClock: Duration
    /// Address-space limit (RLIMIT_AS) for the program and, separately, for each process it
    /// starts; `nil` for none.
    public var memoryBytes: Int?
    /// Run the program in a fresh network namespace (no interfaces up, not even loopback) when
    /// `SandboxCapabilities.detect().networkIsolation` is true; ignored, with a warning, otherwise.
    public var blockNetwork: Bool = true
    /// The most standard-output bytes kept: the LAST `maxOutputBytes` (the end is where a
    /// program prints its result); the rest is read, counted and dropped.
    public var maxOutputBytes: Int = 1 << 20
    /// How many bytes from the end of standard error are kept.
    public var stderrTailBytes: Int = 4096
    /// Time between SIGTERM and SIGKILL when the wall clock runs out or the caller cancels.
    public var terminationGrace: Duration = .milliseconds(500)

    public init(
        wallClock: Duration, memoryBytes: Int? = nil, blockNetwork: Bool = true,
        maxOutputBytes: Int = 1 << 20, stderrTailBytes: Int = 4096, terminationGrace: Duration = .milliseconds(500)
    ) {
        self.wallClock = wallClock
        self.memoryBytes = memoryBytes
        self.blockNetwork = blockNetwork
        self.maxOutputBytes = maxOutputBytes
        self.stderrTailBytes = stderrTailBytes
        self.terminationGrace = terminationGrace
    }
}

/// One program to run.
public struct SandboxRequest: Sendable {
    /// A bare name is looked up on `environment["PATH"]` (or `/usr/local/bin:/usr/bin:/bin`
    /// when it has none); a relative path with a slash is relative to `workingDirectory`.
    public var executable: String
    public var arguments: [String]
    public var workingDirectory: URL
    /// Exactly the environment the child gets; build it with `Sandbox.environment(from:allow:)`.
    public var environment: [String: String]
    /// Written to the child's standard input, which is then closed; `nil` for `/dev/null`.
    public var stdin: Data?

    public init(executable: String, arguments: [String] = [], workingDirectory: URL, environment: [String: String], stdin: Data? = nil) {
        self.executable = executable
        self.arguments = arguments
        self.workingDirectory = workingDirectory
        self.environment = environment
        self.stdin = stdin
    }
}

/// How the program ended.
public enum Termination: Sendable, Equatable, CustomStringConvertible {
    case exited(Int32)
    case signaled(Int32)
    case timedOut
    case memoryLimitExceeded

    public var description: String {
        switch self {
        case .exited(let code): "exited with status \(code)"
        case .signaled(let signal): "killed by signal \(signal)"
        case .timedOut: "timed out"
        case .memoryLimitExceeded: "exceeded the memory limit"
        }
    }
}

/// What a sandboxed run produced.
public struct SandboxResult: Sendable {
    public var status: Termination
    /// The last `maxOutputBytes` of standard output.
    public var stdout: Data
    /// How many standard-output bytes were dropped from the front to respect `maxOutputBytes`.
    public var stdoutDroppedBytes: Int
    /// The last `stderrTailBytes` of standard error, decoded as UTF-8 (invalid bytes replaced).
    public var stderrTail: String
    public var wallSeconds: Double
    /// Peak resident set size of the program (and of the children it waited for), from
    /// `wait4`'s `ru_maxrss`.
    public var peakMemoryBytes: Int?
    /// The exit status or signal as the kernel reported it, before memory classification.
    public var rawStatus: Termination

    public init(status: Termination, stdout: Data, stdoutDroppedBytes: Int = 0, stderrTail: String, wallSeconds: Double, peakMemoryBytes: Int?, rawStatus: Termination? = nil) {
        self.status = status
        self.stdout = stdout
        self.stdoutDroppedBytes = stdoutDroppedBytes
        self.stderrTail = stderrTail
        self.wallSeconds = wallSeconds
        self.peakMemoryBytes = peakMemoryBytes
        self.rawStatus = rawStatus ?? status
    }
}

/// Why a program could not be started at all.
public enum SandboxError: Error, Sendable, Equatable, CustomStringConvertible {
    case executableNotFound(String, searchPath: String)
    case notExecutable(String)
    case workingDirectoryMissing(String)
    case spawnFailed(String, errno: Int32)
    case systemCallFailed(String, errno: Int32)

    public var description: String {
        switch self {
        case .executableNotFound(let name, let path): "executable \(name) not found on PATH \(path)"
        case .notExecutable(let path): "\(path) is not an executable file"
        case .workingDirectoryMissing(let dir): "working directory \(dir) does not exist"
        case .spawnFailed(let path, let code): "could not start \(path): \(String(cString: strerror(code)))"
        case .systemCallFailed(let call, let code): "\(call) failed: \(String(cString: strerror(code)))"
        }
    }
}
