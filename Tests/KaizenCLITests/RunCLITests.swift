import Foundation
import KaizenCore
import KaizenStore
import Testing

/// `kaizen run` as a real process on a tiny real workspace, with no LLM (classical proposers).
@Suite(.serialized) struct RunCLITests {
    @Test(.timeLimit(.minutes(20))) func cyclesProposeTrainAndStepOnlineThenRecordTheRun() throws {
        let dir = try CLI.tinyWorkspace()
        let run = try CLI.run(["run", "--cycles", "1", "--count", "2", "--proposer", "evolutionary", "--json", "--workspace", dir.path])
        #expect(run.status == 0, "\(run.stderr)")
        let summary = try JSONValue.parse(run.stdout)
        #expect(summary["cycles"]?.intValue == 1)
        #expect(summary["proposed"]?.intValue == 6)  // 2 per persona
        let store = try Store.open(at: dir.appending(path: ".kaizen/kaizen.sqlite"))
        let candidates = try store.candidates()
        for persona in Persona.allCases {
            #expect(candidates.contains { $0.persona == persona && $0.proposer == "evolutionary" })
        }
        // Everything proposed was trained before the online step (nothing left queued).
        #expect(candidates.allSatisfy { ![.queued, .training].contains($0.state) })
        #expect(try store.currentProduction() != nil)  // the online step ran
        let record = try #require(try store.runs().first { $0.command == "run" })
        #expect(record.status == .finished)
        #expect(record.summary?["proposed"]?.intValue == 6)
        #expect(try store.doctor().filter { $0.severity == .error }.isEmpty)
    }

    @Test(.timeLimit(.minutes(20))) func sigintFinishesTheStepInHandAndExitsZero() throws {
        let dir = try CLI.tinyWorkspace()
        let process = Process()
        process.executableURL = CLI.executable
        process.arguments = ["run", "--count", "1", "--proposer", "random", "--workspace", dir.path]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Interrupt once the first round has begun.
        let deadline = Date(timeIntervalSinceNow: 300)
        var seen = Data()
        while Date() < deadline, !String(decoding: seen, as: UTF8.self).contains("round") {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen.append(chunk)
        }
        #expect(String(decoding: seen, as: UTF8.self).contains("cycle 1"))
        kill(process.processIdentifier, SIGINT)
        seen.append(out.fileHandleForReading.readDataToEndOfFile())
        process.waitUntilExit()
        let text = String(decoding: seen, as: UTF8.self)
        #expect(process.terminationStatus == 0, "\(text)")
        #expect(text.contains("SIGINT received"))
        let store = try Store.open(at: dir.appending(path: ".kaizen/kaizen.sqlite"))
        #expect(try store.runs().first { $0.command == "run" }?.status == .interrupted)
        #expect(try store.doctor().filter { $0.severity == .error }.isEmpty)
    }
}
