import Foundation
import KaizenCore
import KaizenStore
import Testing

/// A store that cannot be written (another process holds its write lock past the busy
/// timeout, or the disk is full) ends `kaizen run` with a clear error and a non-zero exit,
/// loses nothing, and the next `kaizen run` resumes the run.
@Suite(.serialized) struct StoreFaultCLITests {
    @Test(.timeLimit(.minutes(10))) func aLockedStoreStopsTheRunCleanlyAndTheNextRunResumes() throws {
        let dir = try CLI.tinyWorkspace()
        let database = dir.appending(path: ".kaizen/kaizen.sqlite")
        let process = Process()
        process.executableURL = CLI.executable
        process.arguments = ["run", "--count", "1", "--proposer", "random", "--workspace", dir.path]
        let err = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = err
        try process.run()

        // Once something is scored, another process takes the write lock for longer than
        // the store's busy timeout (5 s).
        let store = try Store.open(at: database)
        let deadline = Date(timeIntervalSinceNow: 300)
        while Date() < deadline, process.isRunning, try store.candidates(states: [.scored]).isEmpty {
            Thread.sleep(forTimeInterval: 0.2)
        }
        let scoredBefore = Set(try store.candidates(states: [.scored]).map(\.id))
        #expect(!scoredBefore.isEmpty)
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        holder.arguments = ["python3", "-c", """
            import sqlite3, sys, time
            c = sqlite3.connect(sys.argv[1], isolation_level=None)
            c.execute('BEGIN IMMEDIATE')
            print('locked', flush=True)
            time.sleep(float(sys.argv[2]))
            c.execute('ROLLBACK')
            """, database.path, "25"]
        let holderOut = Pipe()
        holder.standardOutput = holderOut
        try holder.run()
        _ = holderOut.fileHandleForReading.availableData  // "locked"

        let errText = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        holder.waitUntilExit()
        #expect(process.terminationStatus != 0)
        #expect(errText.contains("is locked by another writer"), "\(errText.suffix(2000))")

        // Nothing was lost or corrupted, and the run resumes.
        let doctor = try CLI.run(["doctor", "--workspace", dir.path])
        #expect(doctor.status == 0, "\(doctor.stdout)\(doctor.stderr)")
        let pastScored: Set<LifecycleState> = [.scored, .selected, .awaitingApproval, .approved, .rejected, .live, .launched, .notLaunched, .aborted]
        let scoredAfter = Set(try store.candidates().filter { pastScored.contains($0.state) }.map(\.id))
        #expect(scoredBefore.isSubset(of: scoredAfter))
        let resumed = try CLI.run(["run", "--cycles", "1", "--count", "1", "--proposer", "random", "--json", "--workspace", dir.path])
        #expect(resumed.status == 0, "\(resumed.stderr.suffix(2000))")
        let summary = try JSONValue.parse(resumed.stdout)
        #expect(summary["resumes"]?.intValue == 1)
        #expect(try store.runs().filter { $0.command == "run" }.count == 1)
        #expect(try store.runs().first?.status == .finished)
    }

    /// The workspace on a small tmpfs that a filler file has all but filled: SQLite's
    /// SQLITE_FULL, as on a real full disk. Mounting needs root (CI runs as root).
    @Test(.timeLimit(.minutes(10)), .enabled(if: Tmpfs.canMount, "mounting a tmpfs needs root"))
    func aFullDiskStopsTheRunCleanlyAndTheNextRunResumes() throws {
        let mount = try Tmpfs(megabytes: 8)
        defer { mount.unmount() }
        let dir = mount.url.appending(path: "ws")
        _ = try CLI.run(["init", dir.path])
        let config = dir.appending(path: "kaizen.yaml")
        let text = try String(contentsOf: config, encoding: .utf8)
            .replacingOccurrences(of: "  users: 20000", with: "  users: 800")
            .replacingOccurrences(of: "  items: 5000", with: "  items: 200")
            .replacingOccurrences(of: "  impressions: 500000", with: "  impressions: 20000")
        try text.write(to: config, atomically: true, encoding: .utf8)
        let filler = mount.url.appending(path: "filler")
        try mount.fill(filler, leavingKilobytes: 400)

        let full = try CLI.run(["run", "--count", "2", "--proposer", "random", "--workspace", dir.path])
        #expect(full.status == 1)
        #expect(full.stderr.contains("is full; nothing was written by the failed step"), "\(full.stderr.suffix(2000))")

        try FileManager.default.removeItem(at: filler)
        let doctor = try CLI.run(["doctor", "--workspace", dir.path])
        #expect(doctor.status == 0, "\(doctor.stdout)\(doctor.stderr)")
        let resumed = try CLI.run(["run", "--cycles", "1", "--count", "2", "--proposer", "random", "--json", "--workspace", dir.path])
        #expect(resumed.status == 0, "\(resumed.stderr.suffix(2000))")
        #expect(try JSONValue.parse(resumed.stdout)["resumes"]?.intValue == 1)
    }
}

/// A small tmpfs mounted for one test.
struct Tmpfs {
    let url: URL

    /// Whether this process may mount one (root, with the capability).
    static let canMount: Bool = {
        guard let probe = try? Tmpfs(megabytes: 1) else { return false }
        probe.unmount()
        return true
    }()

    init(megabytes: Int) throws {
        url = CLI.temporaryFolder()
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        let status = try Self.run("/bin/mount", ["-t", "tmpfs", "-o", "size=\(megabytes)m", "tmpfs", url.path])
        guard status == 0 else { throw CocoaError(.fileWriteNoPermission) }
    }

    /// Writes `file` so that only about `kilobytes` stay free.
    func fill(_ file: URL, leavingKilobytes kilobytes: Int) throws {
        let free = try FileManager.default.attributesOfFileSystem(forPath: url.path)[.systemFreeSize] as? Int ?? 0
        let size = max(0, free - kilobytes * 1024)
        try Data(count: size).write(to: file)
    }

    func unmount() {
        _ = try? Self.run("/bin/umount", [url.path])
        try? FileManager.default.removeItem(at: url)
    }

    private static func run(_ tool: String, _ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}
