import ArgumentParser
import Foundation
import KaizenAgent
import KaizenCore
import KaizenStore
import KaizenWorkspace

/// `kaizen status`: where the loop stands, on one screen.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Production, candidates by state, running experiments, pending approvals, and how well offline gains predict online results.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let (_, store) = try global.openStore()
        let production = try store.currentProduction()
        let counts = try store.candidateCounts()
        let active = try store.experiments(statuses: [.starting, .running])
        let pending = try store.approvals().filter { $0.decision == nil }
        let calibration = try ProxyCalibration.load(store: store)
        if output.json {
            printJSON(.object([
                "production": production.map { .object(["id": .number(Double($0.id)), "action": .string($0.action.rawValue), "fingerprint": .string($0.fingerprint)]) } ?? .null,
                "candidates": .object(Dictionary(uniqueKeysWithValues: counts.map { ($0.key.rawValue, JSONValue.number(Double($0.value))) })),
                "running_experiments": .array(active.map { .object(["id": .string($0.id), "candidate": .string($0.candidateID), "days": .number(Double($0.lastDay + 1)), "status": .string($0.status.rawValue)]) }),
                "pending_approvals": .array(pending.map { .object(["candidate": .string($0.candidateID), "rules": .array($0.rules.map(JSONValue.string))]) }),
                "calibration": .object([
                    "experiments": .number(Double(calibration.pairs.count)),
                    "kendall_tau": calibration.kendallTau.map(JSONValue.number) ?? .null,
                    "won_offline_lost_online": .array(calibration.wonOfflineLostOnline.map { .string($0.candidateID) }),
                ]),
            ]))
            return
        }
        if let production {
            print("production: config \(production.id) (\(production.action.rawValue)\(production.candidateID.map { " of \($0)" } ?? ""))")
        } else {
            print("production: the initial config (Policies/production.json); no online step has run yet")
        }
        let order = LifecycleState.allCases.filter { (counts[$0] ?? 0) > 0 }
        print("candidates: " + (order.isEmpty ? "none" : order.map { "\($0.rawValue) \(counts[$0]!)" }.joined(separator: ", ")))
        print("experiments running: \(active.count)")
        for e in active { print("  \(e.id)  candidate \(e.candidateID)  day \(e.lastDay + 1)  \(e.test)" + (e.lastError.map { "  error: \($0)" } ?? "")) }
        print("awaiting approval: \(pending.count)")
        for a in pending { print("  \(a.candidateID)  rules: \(a.rules.joined(separator: ", "))") }
        if calibration.pairs.isEmpty {
            print("offline→online calibration: no decided experiment with a north-star estimate yet")
        } else {
            let tau = calibration.kendallTau.map { String(format: "%.2f", $0) } ?? "n/a (fewer than 2 distinct pairs)"
            print("offline→online calibration: Kendall tau \(tau) over \(calibration.pairs.count) decided experiment(s)")
            let lost = calibration.wonOfflineLostOnline
            if !lost.isEmpty { print("  won offline, lost online: " + lost.map(\.candidateID).joined(separator: ", ")) }
        }
    }
}
