import Foundation
import ScriptedLLMServer
import Testing
@testable import KaizenSandbox
#if canImport(Glibc)
import Glibc
#endif

/// A fresh temporary directory, removed by `cleanup()`.
struct Scratch {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("kaizen-sandbox-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func write(_ name: String, _ text: String, executable: Bool = false) throws -> String {
        let path = url.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        if executable { chmod(path, 0o755) }
        return path
    }

    func read(_ name: String) -> String? {
        try? String(contentsOfFile: url.appendingPathComponent(name).path, encoding: .utf8)
    }

    func pid(_ name: String) -> pid_t? {
        read(name).flatMap { pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    func cleanup() { try? FileManager.default.removeItem(at: url) }

    func request(_ executable: String, _ arguments: [String] = [], environment: [String: String]? = nil, stdin: Data? = nil) -> SandboxRequest {
        SandboxRequest(
            executable: executable, arguments: arguments, workingDirectory: url,
            environment: environment ?? Sandbox.environment(from: ProcessInfo.processInfo.environment, allow: Sandbox.defaultEnvironmentAllowList),
            stdin: stdin)
    }
}

/// Alive means: it exists and is not a zombie.
func isAlive(_ pid: pid_t) -> Bool {
    guard kill(pid, 0) == 0 else { return false }
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
          let close = stat.lastIndex(of: ")") else { return false }
    let state = stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).first
    return state != "Z" && state != "X"
}

func waitForFile(_ scratch: Scratch, _ name: String, timeout: Double = 5) async throws {
    let deadline = Date().addingTimeInterval(timeout)
    while scratch.pid(name) == nil, Date() < deadline { try await Task.sleep(for: .milliseconds(20)) }
}

@Suite(.serialized) struct SandboxTests {
    @Test func exitStatusStdoutAndStderr() async throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let result = try await Sandbox.run(
            scratch.request("sh", ["-c", "echo hello; echo oops >&2; pwd; exit 3"]),
            limits: SandboxLimits(wallClock: .seconds(120)))
        #expect(result.status == .exited(3))
        let lines = String(decoding: result.stdout, as: UTF8.self).split(separator: "\n")
        #expect(lines.first == "hello")
        #expect(lines.last.map(String.init) == scratch.url.standardizedFileURL.path)
        #expect(result.stderrTail == "oops\n")
        #expect(result.wallSeconds < 120)
    }

    @Test func timeoutKillsTheWholeTree() async throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let script = try scratch.write("tree.sh", """
            #!/bin/sh
            echo $$ > child.pid
            sleep 1000 &
            echo $! > grandchild.pid
            setsid sleep 1000 &
            echo $! > escaped.pid
            python3 stubborn.py &
            wait
            """, executable: true)
        // Leaves the session and ignores SIGTERM; its parent dies from SIGTERM first, so by the
        // time SIGKILL comes it is an orphan in another session.
        _ = try scratch.write("stubborn.py", """
            import os, signal, time
            os.setsid()
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
            with open("stubborn.pid", "w") as f:
                f.write(str(os.getpid()))
            time.sleep(1000)
            """)
        let start = ContinuousClock.now
        let result = try await Sandbox.run(scratch.request(script), limits: SandboxLimits(wallClock: .seconds(2)))
        let elapsed = ContinuousClock.now - start
        #expect(result.status == .timedOut)
        #expect(elapsed < .seconds(5))
        for name in ["child.pid", "grandchild.pid", "escaped.pid", "stubborn.pid"] {
            let pid = try #require(scratch.pid(name), "\(name) was not written")
            #expect(!isAlive(pid), "\(name) (\(pid)) is still running")
        }
    }

    @Test func leftoverBackgroundProcessesAreKilledAfterANormalExit() async throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let result = try await Sandbox.run(
            scratch.request("sh", ["-c", "sleep 1000 & echo $! > bg.pid; echo done"]),
            limits: SandboxLimits(wallClock: .seconds(20)))
        #expect(result.status == .exited(0))
        #expect(String(decoding: result.stdout, as: UTF8.self) == "done\n")
        #expect(result.wallSeconds < 5)
        let pid = try #require(scratch.pid("bg.pid"))
        #expect(!isAlive(pid))
    }

    @Test(.enabled(if: SandboxCapabilities.detect().memoryLimit, "no way to set RLIMIT_AS on this machine"))
    func memoryLimit() async throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let script = try scratch.write("alloc.py", """
            data = bytearray(2 * 1024 ** 3)
            print("allocated", len(data))
            """)
        let result = try await Sandbox.run(
            scratch.request("python3", [script]),
            limits: SandboxLimits(wallClock: .seconds(30), memoryBytes: 256 << 20))
        #expect(result.status == .memoryLimitExceeded, "status \(result.status), stderr: \(result.stderrTail)")
        #expect(result.rawStatus != .exited(0))
        #expect(!String(decoding: result.stdout, as: UTF8.self).contains("allocated"))

        // The same program without a limit is not classified as a memory failure by accident.
        let small = try scratch.write("small.py", "data = bytearray(10 * 1024 ** 2)\nprint('ok')\n")
        let fine = try await Sandbox.run(
            scratch.request("python3", [small]),
            limits: SandboxLimits(wallClock: .seconds(30), memoryBytes: 256 << 20))
        #expect(fine.status == .exited(0), "stderr: \(fine.stderrTail)")
        #expect(fine.peakMemoryBytes.map { $0 > 10 << 20 } == true)
    }

    @Test(.enabled(if: SandboxCapabilities.detect().networkIsolation, "network namespaces are not available here; the sandbox runs with the host network"))
    func networkIsBlocked() async throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let listener = try LoopbackListener()
        defer { listener.close() }
        let script = try scratch.write("connect.py", """
            import socket, sys
            try:
                socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=3).close()
                print("connected")
            except OSError as error:
                print("failed", error)
                sys.exit(7)
            """)
        let open = try await Sandbox.run(
            scratch.request("python3", [script, "\(listener.port)"]),
            limits: SandboxLimits(wallClock: .seconds(20), blockNetwork: false))
        #expect(open.status == .exited(0), "the listener must be reachable without the sandbox's isolation: \(open.stderrTail)")
        let blocked = try await Sandbox.run(
            scratch.request("python3", [script, "\(listener.port)"]),
            limits: SandboxLimits(wallClock: .seconds(20), blockNetwork: true))
        #expect(blocked.status == .exited(7), "stdout: \(String(decoding: blocked.stdout, as: UTF8.self))")
    }

    @Test func environmentIsClearedToTheAllowList() async throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        setenv("KAIZEN_FAKE_OPENAI_API_KEY", "sk-test-secret-123", 1)
        defer { unsetenv("KAIZEN_FAKE_OPENAI_API_KEY") }
        var parent = ProcessInfo.processInfo.environment
        parent["KAIZEN_FAKE_OPENAI_API_KEY"] = "sk-test-secret-123"
        parent["HOME"] = parent["HOME"] ?? "/root"
        parent["LANG"] = "C.UTF-8"
        let environment = Sandbox.environment(from: parent, allow: Sandbox.defaultEnvironmentAllowList)
        #expect(environment["KAIZEN_FAKE_OPENAI_API_KEY"] == nil)
        let result = try await Sandbox.run(scratch.request("env", environment: environment), limits: SandboxLimits(wallClock: .seconds(120)))
        let text = String(decoding: result.stdout, as: UTF8.self)
        #expect(result.status == .exited(0))
        #expect(!text.contains("sk-test-secret-123"))
        #expect(!text.contains("KAIZEN_FAKE_OPENAI_API_KEY"))
        #expect(text.contains("PATH=\(parent["PATH"] ?? "")"))
        #expect(text.contains("HOME=\(parent["HOME"]!)"))
        #expect(text.contains("LANG=C.UTF-8"))
        let names = text.split(separator: "\n").compactMap { $0.split(separator: "=", maxSplits: 1).first.map(String.init) }
        #expect(Set(names).isSubset(of: Set(Sandbox.defaultEnvironmentAllowList)), "\(names)")
    }

    @Test func environmentAllowListMatchesExactNamesAndPrefixes() {
        let parent = ["PATH": "/bin", "LC_TIME": "C", "LC_ALL": "C", "AWS_SECRET_ACCESS_KEY": "x", "PATHX": "y"]
        #expect(Sandbox.environment(from: parent, allow: ["PATH", "LC_*"]) == ["PATH": "/bin", "LC_TIME": "C", "LC_ALL": "C"])
        #expect(Sandbox.environment(from: parent, allow: []) == [:])
    }

    @Test func hugeOutputDoesNotDeadlockAndIsTruncated() async throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        // 50 MB on stderr first, then 50 MB on stdout: a reader that drained one stream at a
        // time would deadlock on the first.
        let script = """
            head -c 52428800 /dev/zero >&2
            head -c 52428800 /dev/zero | tr '\\000' 'a'
            echo
            echo '{"done": true}'
            """
        let start = ContinuousClock.now
        let result = try await Sandbox.run(scratch.request("sh", ["-c", script]), limits: SandboxLimits(wallClock: .seconds(60)))
        #expect(result.status == .exited(0))
        #expect(ContinuousClock.now - start < .seconds(20))
        #expect(result.stdout.count == 1 << 20)
        #expect(result.stdoutDroppedBytes == 52_428_800 + 1 + 15 - (1 << 20))
        #expect(String(decoding: result.stdout.suffix(15), as: UTF8.self) == "{\"done\": true}\n")
        #expect(result.stderrTail.utf8.count == 4096)
    }

    @Test func cancellationKillsTheTree() async throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let request = scratch.request("sh", ["-c", "echo $$ > child.pid; sleep 1000 & echo $! > grandchild.pid; wait"])
        let task = Task { try await Sandbox.run(request, limits: SandboxLimits(wallClock: .seconds(60))) }
        try await waitForFile(scratch, "grandchild.pid")
        let start = ContinuousClock.now
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(ContinuousClock.now - start < .seconds(5))
        for name in ["child.pid", "grandchild.pid"] {
            let pid = try #require(scratch.pid(name))
            #expect(!isAlive(pid), "\(name) is still running")
        }
    }

    @Test func standardInputIsFed() async throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let input = Data((0..<(3 << 20)).map { UInt8(truncatingIfNeeded: $0 % 251) })
        let result = try await Sandbox.run(
            scratch.request("cat", stdin: input),
            limits: SandboxLimits(wallClock: .seconds(20), maxOutputBytes: 4 << 20))
        #expect(result.status == .exited(0))
        #expect(result.stdout == input)
    }

    @Test func signalDeathIsReported() async throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let result = try await Sandbox.run(scratch.request("sh", ["-c", "kill -SEGV $$"]), limits: SandboxLimits(wallClock: .seconds(120)))
        #expect(result.status == .signaled(SIGSEGV))
    }

    @Test func unstartableProgramsThrow() async throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        await #expect(throws: SandboxError.self) {
            try await Sandbox.run(scratch.request("no-such-program-kaizen"), limits: SandboxLimits(wallClock: .seconds(5)))
        }
        let text = try scratch.write("plain.txt", "not a program")
        await #expect(throws: SandboxError.notExecutable(text)) {
            try await Sandbox.run(scratch.request(text), limits: SandboxLimits(wallClock: .seconds(5)))
        }
        var missing = scratch.request("true")
        missing.workingDirectory = scratch.url.appendingPathComponent("missing")
        await #expect(throws: SandboxError.self) {
            try await Sandbox.run(missing, limits: SandboxLimits(wallClock: .seconds(5)))
        }
    }

    @Test func memoryHeuristic() {
        let limit = 256 << 20
        #expect(Sandbox.classify(.exited(1), memoryLimit: limit, stderrTail: "Traceback...\nMemoryError\n", peakBytes: 1) == .memoryLimitExceeded)
        #expect(Sandbox.classify(.exited(1), memoryLimit: nil, stderrTail: "MemoryError", peakBytes: 1) == .exited(1))
        #expect(Sandbox.classify(.exited(2), memoryLimit: limit, stderrTail: "usage: x", peakBytes: 1) == .exited(2))
        #expect(Sandbox.classify(.signaled(SIGKILL), memoryLimit: limit, stderrTail: "", peakBytes: 1) == .memoryLimitExceeded)
        #expect(Sandbox.classify(.signaled(SIGABRT), memoryLimit: limit, stderrTail: "terminate called after throwing an instance of 'std::bad_alloc'", peakBytes: 1) == .memoryLimitExceeded)
        #expect(Sandbox.classify(.signaled(SIGSEGV), memoryLimit: limit, stderrTail: "", peakBytes: 1 << 20) == .signaled(SIGSEGV))
        #expect(Sandbox.classify(.signaled(SIGSEGV), memoryLimit: limit, stderrTail: "", peakBytes: limit) == .memoryLimitExceeded)
        #expect(Sandbox.classify(.exited(0), memoryLimit: limit, stderrTail: "MemoryError", peakBytes: limit) == .exited(0))
    }

    @Test func capabilitiesAreReported() {
        let capabilities = SandboxCapabilities.detect()
        print("sandbox capabilities: networkIsolation=\(capabilities.networkIsolation) via \(capabilities.networkIsolationPrefix ?? []), memoryLimit=\(capabilities.memoryLimit) via \(capabilities.prlimitPath ?? "ulimit -v")")
        #expect(capabilities == SandboxCapabilities.detect())
    }
}
