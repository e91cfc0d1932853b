import Foundation
import KaizenAgent
import KaizenCore
import KaizenStore
import Logging

/// `kaizen run`: cycles of offline rounds (one per persona) and online steps, with training
/// pipelined across them, until a limit, a budget or a signal stops it. Every step stores
/// its results and the run's checkpoint before the next begins, so a stop or a kill loses
/// at most the step in hand, and the next `kaizen run` resumes where this one was.
public struct RunLoop: Sendable {
    public let store: Store
    public let services: any LoopServices
    public let settings: LoopSettings
    public let logger: Logger

    public init(store: Store, services: any LoopServices, settings: LoopSettings, logger: Logger) {
        self.store = store
        self.services = services
        self.settings = settings
        self.logger = logger
    }

    /// Runs until a limit or `stop`; returns what the run did (across resumed processes).
    /// Store failures (a locked database, a full disk) end the run, marked failed, and are
    /// thrown; a failed round or online step is logged and the loop goes on.
    public func run(stop: StopFlag, observer: (any LoopObserver)? = nil) async throws -> LoopSummary {
        let board = ProgressBoard(observer: observer)
        var session = try begin(board: board)
        let pool = try await services.trainingPool()
        let gate = session.settings.budgets.map { BudgetGate(budgets: $0, store: store, runStart: session.record.startedAt) }
        let startedAt = session.started
        let runStart = session.record.startedAt
        let interval = session.settings.progressInterval
        let settings = session.settings
        let refresher = Task {
            while !Task.isCancelled {
                await board.refresh(store: store, pool: pool, usage: { try settings.usage(store: store, budgets: gate?.budgets, runStart: runStart) }, started: startedAt)
                try? await Task.sleep(for: interval)
            }
        }
        defer { refresher.cancel() }
        let context = Context(board: board, pool: pool, gate: gate, stop: stop)
        do {
            let recovered = try await pool.recover()
            if recovered > 0 { board.note("resubmitted \(recovered) training job(s) left queued or interrupted by an earlier process") }
            while true {
                if let reason = try await stopReason(session, context) {
                    session.checkpoint.summary.stoppedBecause = reason
                    break
                }
                try await cycle(&session, context)
            }
            let interrupted = stop.isSet
            if interrupted || session.deadlinePassed {
                await pool.stop(reason: "the run is stopping; queued jobs stay queued for the next run")
            }
            board.edit { $0.phase = .training }
            await pool.drain()
            try account(&session, gate)
            try store.finishRun(session.record.id, status: interrupted ? .interrupted : .finished, summary: session.checkpoint.json)
            board.edit { $0.phase = .finished }
            refresher.cancel()
            _ = await refresher.value
            await board.refresh(store: store, pool: pool, usage: { try settings.usage(store: store, budgets: gate?.budgets, runStart: runStart) }, started: startedAt)
            return session.checkpoint.summary
        } catch {
            session.checkpoint.summary.stoppedBecause = "error: \(error)"
            // Nothing of this run may still be at work when the process exits with the error:
            // a training thread or a progress refresh racing exit has crashed it.
            await pool.abort(reason: "the run failed: \(error)")
            refresher.cancel()
            _ = await refresher.value
            try? store.finishRun(session.record.id, status: .failed, summary: session.checkpoint.json)
            throw error
        }
    }

    /// The run's record (new, or the one being resumed) and where it stands.
    struct Session: Sendable {
        var record: RunRecord
        var settings: LoopSettings
        var checkpoint: RunCheckpoint
        let started = ContinuousClock.now
        /// Why proposing stopped (a budget), once it did; polling goes on.
        var proposingStopped: String?
        /// Experiments started by the latest online step.
        var lastStepStarted = 0
        /// Online steps begun after proposing stopped and training went idle: only such a
        /// step has seen every candidate there will be.
        var stepsAfterProposing = 0

        var deadlinePassed: Bool {
            settings.duration.map { ContinuousClock.now - started >= $0 } ?? false
        }

        var daysReached: Bool {
            settings.days.map { checkpoint.days >= $0 } ?? false
        }
    }

    /// What every step needs besides the session.
    struct Context {
        let board: ProgressBoard
        let pool: TrainingPool
        let gate: BudgetGate?
        let stop: StopFlag
    }

    private func begin(board: ProgressBoard) throws -> Session {
        if settings.resume, let previous = try store.resumableRun(command: "run") {
            let record = try store.resumeRun(previous.id)
            var session = Session(record: record, settings: settings.resuming(previous.settings), checkpoint: RunCheckpoint(json: previous.summary))
            session.checkpoint.summary.resumes += 1
            session.checkpoint.summary.stoppedBecause = ""
            if let round = session.checkpoint.roundInHand {
                try countInterruptedRound(round, into: &session.checkpoint.summary)
                session.checkpoint.roundInHand = nil
            }
            try store.checkpointRun(record.id, summary: session.checkpoint.json)
            let done = session.checkpoint.personasDone.map(\.rawValue).joined(separator: ", ")
            board.note(
                "resuming run \(record.id) (was \(previous.status.rawValue)) at cycle \(session.checkpoint.summary.cycles + 1)"
                    + (done.isEmpty ? "" : ", after the \(done) round(s)"))
            board.edit { $0.summary = session.checkpoint.summary; $0.days = session.checkpoint.days }
            return session
        }
        let record = try store.startRun(command: "run", settings: settings.json)
        board.note("started run \(record.id)")
        return Session(record: record, settings: settings, checkpoint: RunCheckpoint())
    }

    /// Counts what a killed process journaled in the round it was in (that round is proposed
    /// again), so that the summary's proposed/valid/rejected match the journal.
    private func countInterruptedRound(_ round: RunCheckpoint.RoundInHand, into summary: inout LoopSummary) throws {
        let journaled = try store.candidates(persona: round.persona)
            .filter { $0.proposer != JournalSnapshot.baselineProposer && $0.createdAt >= round.startedAt }
        let valid = journaled.filter { ![.invalid, .duplicate].contains($0.state) }.count
        summary.proposed += journaled.count
        summary.valid += valid
        summary.rejected += journaled.count - valid
    }

    /// Why the run should end now, or nil to run another cycle.
    private func stopReason(_ session: Session, _ context: Context) async throws -> String? {
        let s = session.settings
        if let failure = await context.pool.storeFailure { throw failure }
        if let reason = context.stop.reason { return reason }
        if let cycles = s.cycles, session.checkpoint.summary.cycles >= cycles { return "\(cycles) cycle(s) done" }
        if let days = s.days, session.checkpoint.days >= days { return "\(days) day(s) passed in the live environment" }
        if let duration = s.duration, session.deadlinePassed { return "the time limit (\(Self.describe(duration))) was reached" }
        if let exhausted = session.proposingStopped, session.lastStepStarted == 0, await context.pool.pending == 0,
           session.stepsAfterProposing > 0 || s.onlineStepsPerCycle == 0,
           try store.experiments(statuses: [.starting, .running]).isEmpty
        {
            return "\(exhausted), and no experiment is left to poll"
        }
        return nil
    }

    /// Stores the checkpoint, with spend counted from `llm_calls`, and publishes it.
    func save(_ session: inout Session, _ context: Context) throws {
        try account(&session, context.gate)
        try store.checkpointRun(session.record.id, summary: session.checkpoint.json)
        let summary = session.checkpoint.summary
        let days = session.checkpoint.days
        context.board.edit { $0.summary = summary; $0.days = days }
    }

    private func account(_ session: inout Session, _ gate: BudgetGate?) throws {
        guard let gate, let usage = try session.settings.usage(store: store, budgets: gate.budgets, runStart: session.record.startedAt) else { return }
        session.checkpoint.summary.tokens = usage.tokensThisRun ?? 0
        session.checkpoint.summary.usd = usage.usdThisRun ?? 0
    }

    static func describe(_ duration: Duration) -> String {
        let seconds = Int(duration.seconds.rounded())
        if seconds % 3600 == 0 { return "\(seconds / 3600)h" }
        if seconds % 60 == 0 { return "\(seconds / 60)m" }
        return "\(seconds)s"
    }
}
