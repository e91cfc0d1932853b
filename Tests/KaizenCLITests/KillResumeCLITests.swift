import Foundation
import KaizenCore
import KaizenStore
import Testing

/// The kill test of the reliability checks: `kaizen run` (hybrid proposer, a scripted fast
/// LLM in this process, the tiny built-in world) is killed with SIGKILL at 30 seeded moments
/// — some while a candidate is training — and restarted with the same arguments each time;
/// then a last process finishes the run. The store must show one finished run, no finished
/// job lost or trained twice, attempts within the pool's limit, counts that add up, and a
/// clean `kaizen doctor`.
@Suite(.serialized) struct KillResumeCLITests {
    static let kills = 30
    /// Enough work that the run cannot finish during the kills on a fast machine (with 4
    /// it once did: the last killed process exited 0 first); the final run does the rest.
    static let cycles = 8
    static let count = 3

    /// What one post-kill look at the candidates table saw: id → (state, attempts).
    typealias Snapshot = [String: (state: LifecycleState, attempts: Int)]

    @Test(.timeLimit(.minutes(6))) func killNineThirtyTimesThenFinishLosesAndDuplicatesNothing() throws {
        let began = ContinuousClock.now
        let llm = try ProposalLLM(seed: 5)
        let dir = try ProposalLLM.quickWorkspace()
        defer { try? FileManager.default.removeItem(at: dir) }
        try ProposalLLM.pointWorkspace(dir, at: llm.baseURL, requestTimeout: 20, maxRetries: 1)
        let log = dir.appending(path: "kill-test.log")
        #expect(FileManager.default.createFile(atPath: log.path, contents: nil))
        let arguments = [
            "run", "--cycles", "\(Self.cycles)", "--count", "\(Self.count)", "--proposer", "hybrid", "--workspace", dir.path,
        ]
        let store = try Store.open(at: dir.appending(path: ".kaizen/kaizen.sqlite"))

        var rng = SplitMix(seed: 2026)
        var snapshots: [Snapshot] = []
        var killedInTraining: Set<String> = []
        var killsDuringTraining = 0
        var exitedEarly: [Int32] = []
        var killsBeforeResume = 0
        var killsMidRound = 0
        for round in 1...Self.kills {
            let before = try Self.snapshot(store)
            let runBefore = try store.runs(limit: 1).first?.id
            let resumesBefore = try Self.resumes(store)
            let process = try Self.start(arguments, log: log)
            // Three kinds of moment, in turn. (0) Once this process has started a training
            // job (a candidate training with more attempts than before it started), plus a
            // random 0..500 ms, so the kill lands inside that job. (1) 50 ms .. 2 s after the
            // start, log-uniform: start-up, opening the store, the resume and recovery
            // writes. (2) 20 ms .. 3 s, log-uniform, after this process resumed the run:
            // LLM calls, journal and checkpoint writes, training, online steps.
            switch round % 3 {
            case 0:
                let deadline = Date(timeIntervalSinceNow: 30)
                while process.isRunning, Date() < deadline, try Self.startedTraining(store, since: before).isEmpty {
                    Thread.sleep(forTimeInterval: 0.02)
                }
                Thread.sleep(forTimeInterval: Double(rng.below(500)) / 1000)
            case 1:
                Thread.sleep(forTimeInterval: 0.05 * pow(40, Double(rng.below(1000)) / 1000))
            default:
                let resumes = try Self.resumes(store)
                let deadline = Date(timeIntervalSinceNow: 30)
                while process.isRunning, Date() < deadline, try Self.resumes(store) == resumes {
                    Thread.sleep(forTimeInterval: 0.01)
                }
                Thread.sleep(forTimeInterval: 0.02 * pow(150, Double(rng.below(1000)) / 1000))
            }
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
            }
            process.waitUntilExit()
            if process.terminationReason != .uncaughtSignal { exitedEarly.append(process.terminationStatus) }
            // Jobs this process started and was still training when it died.
            let caught = try Self.startedTraining(store, since: before)
            if !caught.isEmpty { killsDuringTraining += 1 }
            killedInTraining.formUnion(caught)
            let run = try store.runs(limit: 1).first
            if try Self.resumes(store) == resumesBefore && run?.id == runBefore {
                killsBeforeResume += 1
            } else if run?.summary?["checkpoint"]?["round_in_hand"] != nil {
                killsMidRound += 1  // the checkpoint says a persona round was under way
            }
            snapshots.append(try Self.snapshot(store))
        }
        // No process may end on its own before its kill: the run would have finished, and
        // the next `kaizen run` would start a new one.
        #expect(exitedEarly.isEmpty, "processes exited before their kill with status \(exitedEarly)\n\(Self.tail(log))")
        #expect(killsDuringTraining >= 1, "no kill landed while this process was training")
        let killPhase = ContinuousClock.now - began
        let cyclesWhenKillsEnded = try store.runs(limit: 1).first?.summary?["cycles"]?.intValue ?? 0

        let finalStarted = ContinuousClock.now
        let final = try CLI.run(arguments + ["--json"])
        let finalDuration = ContinuousClock.now - finalStarted
        #expect(final.status == 0, "\(final.stderr.suffix(3000))\n\(Self.tail(log))")
        let last = try Self.snapshot(store)
        snapshots.append(last)

        // One run, finished, resumed after the kills; its summary is the final process's output.
        let runs = try store.runs(limit: 1_000).filter { $0.command == "run" }
        #expect(runs.count == 1, "\(runs.map { "\($0.id) \($0.status)" })")
        let record = try #require(runs.first)
        #expect(record.status == .finished)
        let summary = try #require(record.summary)
        #expect(summary["cycles"]?.intValue == Self.cycles)
        let resumes = summary["resumes"]?.intValue ?? 0
        let audit = try store.auditLog(limit: 10_000_000)
        let resumeEntries = audit.filter { $0.action == "run.resume" && $0.subject == record.id }.count
        #expect(resumes >= 1)
        // A kill between marking the run resumed and storing its counter loses one count, never adds one.
        #expect(resumes <= resumeEntries)
        if let printed = try? JSONValue.parse(final.stdout) {
            #expect(printed["resumes"]?.intValue == resumes && printed["cycles"]?.intValue == Self.cycles)
        }

        // No finished job lost: every candidate seen in one snapshot is in every later one, in
        // a state reachable from the one seen before (so scored/failed stay scored/failed or
        // move on online; a job never goes back to training once done).
        for (earlier, later) in zip(snapshots, snapshots.dropFirst()) {
            for (id, seen) in earlier {
                let now = try #require(later[id], "candidate \(id) disappeared")
                #expect(Self.reachable(from: seen.state).contains(now.state), "\(id): \(seen.state) then \(now.state)")
                #expect(now.attempts >= seen.attempts, "\(id): attempts went from \(seen.attempts) to \(now.attempts)")
            }
        }

        // None duplicated: the audit log (one entry per transition, in the transition's own
        // transaction) replays each candidate; a job finishes training at most once, and
        // starts it exactly `attempts` times.
        var history: [String: [String]] = [:]
        for entry in audit where entry.action.hasPrefix("candidate.") {
            guard let subject = entry.subject else { continue }
            history[subject, default: []].append(String(entry.action.dropFirst("candidate.".count)))
        }
        let candidates = try store.candidates()
        var requeued = 0
        for candidate in candidates {
            let steps = history[candidate.id] ?? []
            #expect(steps.last == candidate.state.rawValue, "\(candidate.id): audit \(steps) vs state \(candidate.state)")
            let finishes = zip(steps, steps.dropFirst()).filter { $0.0 == "training" && ["scored", "failed"].contains($0.1) }.count
            #expect(finishes <= 1, "\(candidate.id) finished training \(finishes) times: \(steps)")
            #expect(steps.filter { $0 == "scored" }.count <= 1 || steps.contains("selected"), "\(candidate.id): \(steps)")
            #expect(steps.filter { $0 == "training" }.count == candidate.attempts, "\(candidate.id): \(steps), attempts \(candidate.attempts)")
            requeued += zip(steps, steps.dropFirst()).filter { $0.0 == "training" && $0.1 == "queued" }.count
            #expect(candidate.attempts <= 2, "\(candidate.id) attempts \(candidate.attempts)")
            #expect(![.queued, .training, .proposed].contains(candidate.state), "\(candidate.id) left \(candidate.state)")
        }
        // A job a kill caught training was either retried (its second attempt) or, caught twice, failed as interrupted.
        var failedInterrupted = 0
        for id in killedInTraining {
            let candidate = try store.candidate(id)
            let interrupted = candidate.state == .failed && (candidate.reason ?? "").contains("interrupted")
            if interrupted { failedInterrupted += 1 }
            #expect(candidate.attempts == 2 || interrupted, "\(id): \(candidate.state) attempts \(candidate.attempts) \(candidate.reason ?? "")")
        }

        // The journal's counts add up: what the run says it proposed is what the journal holds.
        let proposals = candidates.filter { $0.proposer != "baseline" }
        let valid = proposals.filter { ![.invalid, .duplicate].contains($0.state) }
        #expect(summary["proposed"]?.intValue == proposals.count, "summary \(summary.canonicalText); journal \(proposals.count) proposals")
        #expect(summary["valid"]?.intValue == valid.count, "summary \(summary.canonicalText); journal \(valid.count) valid")
        #expect(summary["rejected"]?.intValue == proposals.count - valid.count)
        // Every round asked the LLM (hybrid), and nothing fell back to the evolutionary proposer.
        #expect(proposals.allSatisfy { $0.proposer == "hybrid" }, "\(Set(proposals.map(\.proposer)))")

        let doctor = try CLI.run(["doctor", "--workspace", dir.path])
        #expect(doctor.status == 0, "\(doctor.stdout)\(doctor.stderr)")
        #expect(try store.doctor().filter { $0.severity == .error }.isEmpty)

        let total = ContinuousClock.now - began
        print("""
            kill test: \(Self.kills) kills (SIGKILL): \(killsBeforeResume) before the process had resumed the run (start-up), \
            \(killsMidRound) in a proposal round (LLM calls, journal writes), \(killsDuringTraining) while a job it started was training \
            (\(killedInTraining.count) job(s) caught); \(cyclesWhenKillsEnded) of \(Self.cycles) cycles done when the kills ended; \(requeued) re-queued, \(failedInterrupted) failed as interrupted twice; \
            run resumed \(resumes) times (\(resumeEntries) resume entries); \(candidates.count) candidates \
            (\(proposals.count) proposed, \(valid.count) valid); \(llm.counts.proposals) proposal + \(llm.counts.texts) text LLM replies; \
            kill phase \(Self.seconds(killPhase)), final run \(Self.seconds(finalDuration)), total \(Self.seconds(total))
            """)
    }

    static func start(_ arguments: [String], log: URL) throws -> Process {
        let process = Process()
        process.executableURL = CLI.executable
        process.arguments = arguments
        let handle = try FileHandle(forWritingTo: log)
        handle.seekToEndOfFile()
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        try handle.close()
        return process
    }

    /// The run's `resumes` counter as stored (-1 before the run exists).
    static func resumes(_ store: Store) throws -> Int {
        guard let run = try store.runs(limit: 1).first else { return -1 }
        return run.summary?["resumes"]?.intValue ?? 0
    }

    /// Candidates training now that started (another attempt) after `before` was taken.
    static func startedTraining(_ store: Store, since before: Snapshot) throws -> [String] {
        try store.candidates(states: [.training]).filter { $0.attempts > (before[$0.id]?.attempts ?? 0) }.map(\.id)
    }

    static func snapshot(_ store: Store) throws -> Snapshot {
        var out: Snapshot = [:]
        for candidate in try store.candidates() { out[candidate.id] = (candidate.state, candidate.attempts) }
        return out
    }

    /// `state` and every state reachable from it in the lifecycle graph. `training → queued`
    /// (a re-queue after a kill) is in it; nothing leads from `scored` or `failed` back to
    /// `queued` or `training`.
    static func reachable(from state: LifecycleState) -> Set<LifecycleState> {
        var seen: Set<LifecycleState> = [state]
        var frontier = [state]
        while let next = frontier.popLast() {
            for successor in next.successors where !seen.contains(successor) {
                seen.insert(successor)
                frontier.append(successor)
            }
        }
        return seen
    }

    static func tail(_ log: URL) -> String {
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        return "--- last lines of the runs' output ---\n" + text.split(separator: "\n").suffix(40).joined(separator: "\n")
    }

    static func seconds(_ duration: Duration) -> String {
        String(format: "%.1f s", Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18)
    }
}
