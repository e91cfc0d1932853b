import Foundation
import KaizenAgent
import KaizenCore
import KaizenLoop
import KaizenPolicy
import KaizenStore
import Logging
import Testing

@Suite struct RunLoopTests {
    func loop(_ store: Store, _ settings: LoopSettings, services: TestServices? = nil) -> KaizenLoop.RunLoop {
        RunLoop(store: store, services: services ?? TestServices(store: store), settings: settings, logger: Logger(label: "test"))
    }

    func settings(cycles: Int?, count: Int = 2, steps: Int = 1) -> LoopSettings {
        var s = LoopSettings(cycles: cycles)
        s.proposalsPerRound = count
        s.onlineStepsPerCycle = steps
        s.daysPerStep = 1
        s.progressInterval = .milliseconds(20)
        return s
    }

    @Test func cyclesProposeForEveryPersonaAndTheRunIsRecorded() async throws {
        let store = try Store.inMemory()
        let summary = try await loop(store, settings(cycles: 2)).run(stop: StopFlag())
        #expect(summary.cycles == 2)
        #expect(summary.proposed == 12)  // 2 cycles × 3 personas × 2
        #expect(summary.stoppedBecause == "2 cycle(s) done")
        let run = try #require(try store.runs().first)
        #expect(run.status == .finished)
        #expect(run.summary?["proposed"]?.intValue == 12)
        // The last cycle waits for training, so nothing is left queued.
        #expect(try store.candidates(states: [.queued, .training]).isEmpty)
    }

    @Test func anInterruptedRunResumesWithoutRepeatingARound() async throws {
        let store = try Store.inMemory()
        let stop = StopFlag()
        let recorder = NoteRecorder(stopAt: "architecture round", stop: stop)
        let first = try await loop(store, settings(cycles: 2)).run(stop: stop, observer: recorder)
        #expect(first.cycles == 0)
        #expect(first.proposed == 4)  // optimizer and architecture rounds of cycle 1
        let interrupted = try #require(try store.runs().first)
        #expect(interrupted.status == .interrupted)

        // Resumed without --cycles: the stored limit of 2 cycles still applies.
        let again = NoteRecorder()
        let second = try await loop(store, settings(cycles: nil)).run(stop: StopFlag(), observer: again)
        #expect(second.resumes == 1)
        #expect(second.cycles == 2)
        #expect(second.proposed == 12)  // every round once: 2 cycles × 3 personas × 2
        let runs = try store.runs()
        #expect(runs.count == 1)
        #expect(runs.first?.status == .finished)
        let notes = again.notes.withLock { $0 }
        #expect(notes.first?.contains("resuming run \(interrupted.id)") == true)
        #expect(!notes.contains { $0.contains("cycle 1: optimizer round") })
        #expect(notes.contains { $0.contains("cycle 1: reward round") })
    }

    @Test func aFinishedRunIsNotResumed() async throws {
        let store = try Store.inMemory()
        _ = try await loop(store, settings(cycles: 1)).run(stop: StopFlag())
        let second = try await loop(store, settings(cycles: 1)).run(stop: StopFlag())
        #expect(second.resumes == 0)
        #expect(try store.runs().count == 2)
    }

    @Test func theDaysLimitCountsSimulatedDays() async throws {
        let store = try Store.inMemory()
        var s = settings(cycles: nil, count: 1)
        s.daysPerStep = 2
        s.days = 5
        let summary = try await loop(store, s).run(stop: StopFlag())
        // Steps on days 2, 4, 6; the third cycle's rounds stop when its step reaches day 6.
        #expect(summary.cycles >= 2)
        #expect(try store.runs().first?.summary?["checkpoint"]?["days"]?.intValue == 6)
        #expect(summary.stoppedBecause == "5 day(s) passed in the live environment")
    }

    @Test func theTimeLimitStopsBetweenSteps() async throws {
        let store = try Store.inMemory()
        var s = settings(cycles: 50, count: 1)
        s.duration = .milliseconds(1)
        let summary = try await loop(store, s).run(stop: StopFlag())
        #expect(summary.cycles < 50)
        #expect(summary.stoppedBecause.contains("time limit"))
        #expect(try store.runs().first?.status == .finished)
    }

    @Test func anExhaustedBudgetStopsProposingButNotPolling() async throws {
        let store = try Store.inMemory()
        var policy = LoopFixtures.policy
        policy.budgets.trainingJobsPerDay = 3
        policy.budgets.trainingJobsPerRound = nil
        policy.approval = Policy.Approval(rules: [])  // so that an experiment starts and stays live
        var s = settings(cycles: 3, count: 2)
        s.budgets = policy.budgets
        let recorder = NoteRecorder()
        let summary = try await loop(store, s, services: TestServices(store: store, policy: policy)).run(stop: StopFlag(), observer: recorder)
        #expect(summary.cycles == 3)
        #expect(summary.proposed == 4)  // the optimizer and architecture rounds of cycle 1
        #expect(summary.experimentsStarted >= 1)
        let notes = recorder.notes.withLock { $0 }
        #expect(notes.contains { $0.contains("proposing stopped: training stopped") && $0.contains("jobs_per_day") })
        // Online steps went on every cycle: three simulated days.
        let run = try #require(try store.runs().first)
        #expect(run.summary?["checkpoint"]?["days"]?.intValue == 3)
        #expect(try store.candidates(states: [.queued]).count > 0)  // left for tomorrow, not lost
    }

    @Test func withProposingStoppedAndNothingToPollTheRunEnds() async throws {
        let store = try Store.inMemory()
        var policy = LoopFixtures.policy
        policy.budgets.trainingJobsPerDay = 2
        policy.budgets.trainingJobsPerRound = nil
        var s = settings(cycles: nil, count: 2, steps: 0)
        s.budgets = policy.budgets
        let summary = try await loop(store, s, services: TestServices(store: store, policy: policy)).run(stop: StopFlag())
        #expect(summary.stoppedBecause.contains("no experiment is left to poll"))
        #expect(summary.stoppedBecause.contains("jobs_per_day"))
    }
}
