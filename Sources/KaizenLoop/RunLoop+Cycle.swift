import Foundation
import KaizenAgent
import KaizenCore
import KaizenOnline
import KaizenStore
import Synchronization

extension RunLoop {
    /// One cycle: the offline rounds not yet done and the online steps not yet taken. They
    /// run at the same time, so the trainers keep getting proposals while the environment
    /// starts or polls experiments; each online step selects among what is scored by then.
    /// Training is not waited for, except in the last cycle (or once proposing stopped),
    /// whose online steps come after it so that its candidates still get their chance.
    func cycle(_ session: inout Session, _ context: Context) async throws {
        let number = session.checkpoint.summary.cycles + 1
        context.board.edit { $0.cycle = number }
        let box = SessionBox(session)
        defer { session = box.value }
        let last = session.settings.cycles.map { number >= $0 } ?? false
        if last || session.proposingStopped != nil {
            try await offlineRounds(number, box, context)
            if shouldPause(box.value, context) { return }
            context.board.edit { $0.phase = .training; $0.persona = nil }
            context.board.note("cycle \(number): waiting for training")
            while await context.pool.pending > 0, !shouldPause(box.value, context) {
                try? await Task.sleep(for: .milliseconds(100))
            }
            try await onlineSteps(number, box, context)
        } else {
            async let steps: Void = onlineSteps(number, box, context)
            try await offlineRounds(number, box, context)
            try await steps
        }
        try box.edit { session throws in
            let roundsDone = session.proposingStopped != nil || Set(session.settings.personas).isSubset(of: session.checkpoint.personasDone)
            guard roundsDone, session.checkpoint.onlineStepsDone >= session.settings.onlineStepsPerCycle else { return }  // paused mid-cycle
            session.checkpoint.summary.cycles += 1
            session.checkpoint.personasDone = []
            session.checkpoint.onlineStepsDone = 0
            try save(&session, context)
        }
    }

    /// A signal, the time limit or the days limit ends the cycle between steps.
    func shouldPause(_ session: Session, _ context: Context) -> Bool {
        context.stop.isSet || session.deadlinePassed || session.daysReached
    }

    private func offlineRounds(_ number: Int, _ box: SessionBox, _ context: Context) async throws {
        let start = box.value
        guard start.proposingStopped == nil else { return }
        var agent: OfflineAgent?
        for persona in start.settings.personas where !start.checkpoint.personasDone.contains(persona) {
            if shouldPause(box.value, context) { return }
            if let refusal = try await proposingRefusal(box.value, context) {
                box.edit { $0.proposingStopped = refusal }
                context.board.note("cycle \(number): proposing stopped: \(refusal); polling goes on")
                context.board.edit { $0.spend.exhausted = refusal }
                return
            }
            context.board.edit { $0.phase = .proposing; $0.persona = persona }
            if agent == nil { agent = try await services.offlineAgent(runStart: start.record.startedAt) }
            try box.edit { session throws in
                session.checkpoint.roundInHand = .init(persona: persona, startedAt: Date())
                try save(&session, context)
            }
            do {
                let report = try await agent!.round(persona: persona, count: start.settings.proposalsPerRound, pool: context.pool)
                box.edit { session in
                    session.checkpoint.summary.proposed += report.outcomes.count
                    session.checkpoint.summary.valid += report.count(.valid)
                    session.checkpoint.summary.rejected += report.outcomes.count - report.count(.valid)
                    if context.gate == nil { session.checkpoint.summary.tokens += report.promptTokens + report.completionTokens }
                }
                context.board.note(
                    "cycle \(number): \(persona.rawValue) round: \(report.outcomes.count) proposed, \(report.count(.valid)) valid"
                        + (report.stoppedEarly.map { "; \($0)" } ?? ""))
            } catch {
                if case .store(let storeError) = error { throw storeError }
                logger.warning("offline round failed; the loop goes on", metadata: ["persona": "\(persona.rawValue)", "error": "\(error)"])
                context.board.note("cycle \(number): \(persona.rawValue) round failed: \(error)")
            }
            if let failure = await context.pool.storeFailure { throw failure }
            try box.edit { session throws in
                session.checkpoint.personasDone.append(persona)
                session.checkpoint.roundInHand = nil
                try save(&session, context)
            }
        }
    }

    /// Why no more proposals may be made: training stopped (its budget), or the LLM
    /// budget of the day or the run is spent (only for proposers that call the LLM).
    private func proposingRefusal(_ session: Session, _ context: Context) async throws -> String? {
        if let reason = await context.pool.exhausted { return "training stopped: \(reason)" }
        guard session.settings.proposerUsesLLM, let gate = context.gate, let model = session.settings.llmModel else { return nil }
        return try gate.llmRefusal(model: model, roundStart: Date())
    }

    private func onlineSteps(_ number: Int, _ box: SessionBox, _ context: Context) async throws {
        let steps = box.value.settings.onlineStepsPerCycle
        guard box.value.checkpoint.onlineStepsDone < steps else { return }
        let online = try await services.online()
        while box.value.checkpoint.onlineStepsDone < steps {
            if shouldPause(box.value, context) { return }
            context.board.edit { $0.phase = .online; $0.persona = nil }
            let idle = await context.pool.pending == 0
            let afterProposing = idle && box.value.proposingStopped != nil
            var started = 0
            do {
                let report = try await online.step()
                let decided = report.events(.decided)
                started = report.events(.started).count
                box.edit { session in
                    session.checkpoint.summary.experimentsStarted += started
                    session.checkpoint.summary.decisions += decided.count
                    session.checkpoint.summary.launches += decided.filter { $0.outcome == .launched }.count
                    session.checkpoint.summary.awaitingApproval += report.events(.awaitingApproval).count
                }
                for event in report.events where event.kind != .running && event.kind != .polled {
                    context.board.note("cycle \(number): \(event.kind.rawValue) \(event.subject) \(event.message)")
                }
            } catch {
                if case .store(let storeError) = error { throw storeError }
                logger.warning("online step failed; the loop goes on", metadata: ["error": "\(error)"])
                context.board.note("cycle \(number): online step failed: \(error)")
            }
            try box.edit { session throws in
                session.lastStepStarted = started
                if afterProposing { session.stepsAfterProposing += 1 }
                session.checkpoint.onlineStepsDone += 1
                if let perStep = session.settings.daysPerStep {
                    session.checkpoint.days += perStep
                } else {
                    session.checkpoint.days = Int(Date().timeIntervalSince(session.record.startedAt) / 86_400)
                }
                try save(&session, context)
            }
        }
    }
}

/// The session a cycle's offline rounds and online steps share while they run at once.
/// Every change and its checkpoint write happen under one lock, so checkpoints are
/// written in the order of the changes they record.
final class SessionBox: Sendable {
    private let state: Mutex<RunLoop.Session>

    init(_ session: RunLoop.Session) {
        state = Mutex(session)
    }

    var value: RunLoop.Session { state.withLock { $0 } }

    func edit<R: Sendable, E: Error>(_ body: (inout RunLoop.Session) throws(E) -> R) throws(E) -> R {
        try state.withLock { (session: inout RunLoop.Session) throws(E) -> R in try body(&session) }
    }
}
