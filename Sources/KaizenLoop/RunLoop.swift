import Foundation
import KaizenAgent
import KaizenCore
import KaizenOnline
import KaizenStore
import Logging

/// `kaizen run`: cycles of offline rounds (one per persona, training pipelined), then
/// online steps, until the cycles are done or it is asked to stop. Every step stores its
/// results before the next begins, so a stop or a kill loses at most the step in hand.
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

    /// Runs until done or `stop` is set; returns what it did. Store failures end the run
    /// (thrown); a failed round or step is logged and the loop goes on.
    public func run(stop: StopFlag, progress: @Sendable (String) -> Void = { _ in }) async throws -> LoopSummary {
        var summary = LoopSummary()
        let record = try store.startRun(command: "run", settings: [
            "cycles": settings.cycles.map { .number(Double($0)) } ?? .null,
            "personas": .array(settings.personas.map { .string($0.rawValue) }),
            "proposals_per_round": .number(Double(settings.proposalsPerRound)),
            "online_steps_per_cycle": .number(Double(settings.onlineStepsPerCycle)),
        ])
        do {
            while settings.cycles.map({ summary.cycles < $0 }) ?? true, !stop.isSet {
                try await cycle(&summary, stop: stop, progress: progress)
                if !stop.isSet { summary.cycles += 1 }
            }
            summary.stoppedBecause = stop.reason ?? "\(summary.cycles) cycle(s) done"
            try store.finishRun(record.id, status: stop.isSet ? .interrupted : .finished, summary: summary.json)
            return summary
        } catch {
            summary.stoppedBecause = "error: \(error)"
            try? store.finishRun(record.id, status: .failed, summary: summary.json)
            throw error
        }
    }

    private func cycle(_ summary: inout LoopSummary, stop: StopFlag, progress: @Sendable (String) -> Void) async throws {
        let number = summary.cycles + 1
        let (agent, pool) = try await services.offline()
        let recovered = try await pool.recover()
        if recovered > 0 { progress("cycle \(number): resumed \(recovered) training job(s) left by an earlier run") }
        for persona in settings.personas where !stop.isSet {
            progress("cycle \(number): \(persona.rawValue) round")
            do {
                let report = try await agent.round(persona: persona, count: settings.proposalsPerRound, pool: pool)
                summary.proposed += report.outcomes.count
                summary.valid += report.count(.valid)
                summary.rejected += report.outcomes.count - report.count(.valid)
                summary.tokens += report.promptTokens + report.completionTokens
            } catch {
                logger.warning("offline round failed; the loop goes on", metadata: ["persona": "\(persona.rawValue)", "error": "\(error)"])
                progress("cycle \(number): \(persona.rawValue) round failed: \(error)")
            }
        }
        progress("cycle \(number): waiting for training")
        await pool.drain()
        let online = try await services.online()
        for _ in 0..<settings.onlineStepsPerCycle where !stop.isSet {
            let report: OnlineStepReport
            do {
                report = try await online.step()
            } catch {
                guard case .store(let storeError) = error else {
                    logger.warning("online step failed", metadata: ["error": "\(error)"])
                    continue
                }
                throw storeError
            }
            summary.experimentsStarted += report.events(.started).count
            summary.decisions += report.events(.decided).count
            summary.launches += report.events(.decided).filter { $0.outcome == .launched }.count
            summary.awaitingApproval += report.events(.awaitingApproval).count
            for event in report.events where event.kind != .running && event.kind != .polled {
                progress("cycle \(number): \(event.kind.rawValue) \(event.subject) \(event.message)")
            }
        }
    }
}
