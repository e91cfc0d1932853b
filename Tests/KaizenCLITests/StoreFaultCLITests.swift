import Foundation
import KaizenCore
import KaizenStore
import Testing

/// A store that cannot be written (another process holds its write lock past the busy
/// timeout) ends `kaizen run` with a clear error and a non-zero exit, loses nothing, and
/// the next `kaizen run` resumes the run.
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
}
