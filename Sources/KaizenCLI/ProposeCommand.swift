import ArgumentParser
import Foundation
import KaizenAgent
import KaizenCore
import KaizenWorkspace

/// `kaizen propose`: one offline-agent round for one persona, training what it proposes.
struct ProposeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "propose",
        abstract: "Run one offline-agent round: propose, validate, de-duplicate, journal and train.",
        discussion: "Training runs while the agent proposes. With --dry-run nothing is written or trained.")

    @Option(help: "The persona whose fields to change.")
    var persona: PersonaArgument
    @Option(help: "How many candidates to propose.")
    var count: Int = 4
    @Option(help: "Who proposes (default: agent.proposer in kaizen.yaml).")
    var proposer: ProposerArgument?
    @Flag(help: "Propose and validate only: journal nothing, train nothing.")
    var dryRun = false
    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard (1...100).contains(count) else { throw ValidationError("--count must be between 1 and 100") }
    }

    func run() async throws {
        let workspace = try global.openWorkspace()
        let logger = global.logger("kaizen.agent", config: workspace.config)
        let env = try workspace.agentEnvironment(proposer: proposer?.kind, logger: logger)
        if !dryRun {
            let recovered = try await env.pool.recover()
            if recovered > 0 { logger.info("resuming \(recovered) queued training job(s) from an earlier run") }
        }
        let report: RoundReport
        do {
            report = try await env.agent.round(persona: persona.persona, count: count, dryRun: dryRun, pool: dryRun ? nil : env.pool)
        } catch {
            throw ProposeCommandError(description: "\(error)")
        }
        if !dryRun { await env.pool.drain() }
        let metrics = dryRun ? [:] : try env.store.finalMetrics(candidates: report.outcomes.compactMap(\.candidateID))
        let states = dryRun ? [:] : Dictionary(uniqueKeysWithValues: try report.outcomes.compactMap(\.candidateID).map { ($0, try env.store.candidate($0)) })
        if output.json {
            printJSON(.array(report.outcomes.map { outcome in
                var object = outcome.json.objectValue ?? [:]
                if let id = outcome.candidateID {
                    object["journal_state"] = states[id].map { .string($0.state.rawValue) } ?? .null
                    object["metrics"] = .object((metrics[id] ?? [:]).mapValues(JSONValue.number))
                    if states[id]?.state == .failed { object["failure"] = states[id]?.reason.map(JSONValue.string) ?? .null }
                }
                return .object(object)
            }))
            return
        }
        let objective = PersonaObjective.of(persona.persona)
        for (i, outcome) in report.outcomes.enumerated() {
            let delta = outcome.delta.map { $0.canonicalText } ?? "-"
            print("\(i + 1). [\(outcome.verdict.rawValue)] \(outcome.proposer)/\(outcome.strategy) \(delta)")
            if !outcome.hypothesis.isEmpty { print("   hypothesis: \(outcome.hypothesis.prefix(160))") }
            if let reason = outcome.reason { print("   reason: \(reason.prefix(200))") }
            if let id = outcome.candidateID, let candidate = states[id] {
                let value = metrics[id]?[objective.metric].map { String(format: "%.4f", $0) } ?? "-"
                print("   \(id): \(candidate.state.rawValue), \(objective.metric) \(value)" + (candidate.state == .failed ? " (\(candidate.reason ?? ""))" : ""))
            }
        }
        let tokens = report.promptTokens + report.completionTokens
        print("\(report.count(.valid)) valid, \(report.count(.invalid)) invalid, \(report.count(.duplicate)) duplicate, \(report.count(.nearDuplicate)) near-duplicate, \(report.count(.error)) failed requests; \(tokens) LLM tokens")
        if let stopped = report.stoppedEarly { print("stopped early: \(stopped)") }
    }
}

struct ProposeCommandError: Error, CustomStringConvertible {
    let description: String
}

struct PersonaArgument: ExpressibleByArgument {
    let persona: Persona
    init?(argument: String) {
        guard let persona = Persona(rawValue: argument) else { return nil }
        self.persona = persona
    }
    static var allValueStrings: [String] { Persona.allCases.map(\.rawValue) }
}

struct ProposerArgument: ExpressibleByArgument {
    let kind: ProposerKind
    init?(argument: String) {
        guard let kind = ProposerKind(rawValue: argument) else { return nil }
        self.kind = kind
    }
    static var allValueStrings: [String] { ProposerKind.allCases.map(\.rawValue) }
}
