import Foundation
import KaizenAgent
import KaizenCore
import KaizenOnline
import KaizenStore

extension RunLoop {
    /// One cycle: the offline rounds not yet done, then the online steps not yet taken.
    /// Training is not waited for, except in the last cycle, so that the next cycle's
    /// proposals overlap with it; each online step selects among what is scored by then.
    func cycle(_ session: inout Session, _ context: Context) async throws {
        let number = session.checkpoint.summary.cycles + 1
        context.board.edit { $0.cycle = number }
        try await offlineRounds(number, &session, context)
        if shouldPause(session, context) { return }
        let last = session.settings.cycles.map { number >= $0 } ?? false
        if last || session.proposingStopped != nil {
            context.board.edit { $0.phase = .training; $0.persona = nil }
            context.board.note("cycle \(number): waiting for training")
            while await context.pool.pending > 0, !shouldPause(session, context) {
                try? await Task.sleep(for: .milliseconds(100))
            }
        }
        try await onlineSteps(number, &session, context)
        if session.checkpoint.onlineStepsDone < session.settings.onlineStepsPerCycle { return }  // paused mid-cycle
        session.checkpoint.summary.cycles += 1
        session.checkpoint.personasDone = []
        session.checkpoint.onlineStepsDone = 0
        try save(&session, context)
    }

    /// A signal, the time limit or the days limit ends the cycle between steps.
    func shouldPause(_ session: Session, _ context: Context) -> Bool {
        context.stop.isSet || session.deadlinePassed || session.daysReached
    }

    private func offlineRounds(_ number: Int, _ session: inout Session, _ context: Context) async throws {
        guard session.proposingStopped == nil else { return }
        var agent: OfflineAgent?
        for persona in session.settings.personas where !session.checkpoint.personasDone.contains(persona) {
            if shouldPause(session, context) { return }
            if let refusal = try await proposingRefusal(session, context) {
                session.proposingStopped = refusal
                context.board.note("cycle \(number): proposing stopped: \(refusal); polling goes on")
                context.board.edit { $0.spend.exhausted = refusal }
                return
            }
            context.board.edit { $0.phase = .proposing; $0.persona = persona }
            if agent == nil { agent = try await services.offlineAgent(runStart: session.record.startedAt) }
            session.checkpoint.roundInHand = .init(persona: persona, startedAt: Date())
            try save(&session, context)
            do {
                let report = try await agent!.round(persona: persona, count: session.settings.proposalsPerRound, pool: context.pool)
                session.checkpoint.summary.proposed += report.outcomes.count
                session.checkpoint.summary.valid += report.count(.valid)
                session.checkpoint.summary.rejected += report.outcomes.count - report.count(.valid)
                if context.gate == nil { session.checkpoint.summary.tokens += report.promptTokens + report.completionTokens }
                context.board.note(
                    "cycle \(number): \(persona.rawValue) round: \(report.outcomes.count) proposed, \(report.count(.valid)) valid"
                        + (report.stoppedEarly.map { "; \($0)" } ?? ""))
            } catch {
                if case .store(let storeError) = error { throw storeError }
                logger.warning("offline round failed; the loop goes on", metadata: ["persona": "\(persona.rawValue)", "error": "\(error)"])
                context.board.note("cycle \(number): \(persona.rawValue) round failed: \(error)")
            }
            session.checkpoint.personasDone.append(persona)
            session.checkpoint.roundInHand = nil
            if let failure = await context.pool.storeFailure { throw failure }
            try save(&session, context)
        }
    }

    /// Why no more proposals may be made: training stopped (its budget), or the LLM
    /// budget of the day or the run is spent (only for proposers that call the LLM).
    private func proposingRefusal(_ session: Session, _ context: Context) async throws -> String? {
        if let reason = await context.pool.exhausted { return "training stopped: \(reason)" }
        guard session.settings.proposerUsesLLM, let gate = context.gate, let model = session.settings.llmModel else { return nil }
        return try gate.llmRefusal(model: model, roundStart: Date())
    }

    private func onlineSteps(_ number: Int, _ session: inout Session, _ context: Context) async throws {
        guard session.checkpoint.onlineStepsDone < session.settings.onlineStepsPerCycle else { return }
        let online = try await services.online()
        while session.checkpoint.onlineStepsDone < session.settings.onlineStepsPerCycle {
            if shouldPause(session, context) { return }
            context.board.edit { $0.phase = .online; $0.persona = nil }
            session.lastStepStarted = 0
            do {
                let report = try await online.step()
                let decided = report.events(.decided)
                session.lastStepStarted = report.events(.started).count
                session.checkpoint.summary.experimentsStarted += session.lastStepStarted
                session.checkpoint.summary.decisions += decided.count
                session.checkpoint.summary.launches += decided.filter { $0.outcome == .launched }.count
                session.checkpoint.summary.awaitingApproval += report.events(.awaitingApproval).count
                for event in report.events where event.kind != .running && event.kind != .polled {
                    context.board.note("cycle \(number): \(event.kind.rawValue) \(event.subject) \(event.message)")
                }
            } catch {
                if case .store(let storeError) = error { throw storeError }
                logger.warning("online step failed; the loop goes on", metadata: ["error": "\(error)"])
                context.board.note("cycle \(number): online step failed: \(error)")
            }
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
