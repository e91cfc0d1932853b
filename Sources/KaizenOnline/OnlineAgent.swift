import Foundation
import KaizenAgent
import KaizenCore
import KaizenPolicy
import KaizenStore
import Logging

/// The outer loop: takes the best offline candidates into live A/B experiments, asks a
/// person where policy says so, and launches only what wins on the north star.
///
/// Every step is resumable: experiments, days and decisions live in the store, and each
/// write that moves a candidate commits together with its audit entry.
public actor OnlineAgent {
    public let store: Store
    public let environment: any LiveEnvironment
    public let policy: Policy
    public let settings: OnlineSettings
    let initialProduction: JSONValue
    let logger: Logger
    let now: @Sendable () -> Date

    public init(
        store: Store, environment: any LiveEnvironment, policy: Policy, settings: OnlineSettings, initialProduction: JSONValue,
        logger: Logger, now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.store = store
        self.environment = environment
        self.policy = policy
        self.settings = settings
        self.initialProduction = initialProduction
        self.logger = logger
        self.now = now
    }

    /// One tick: resume experiments that were starting, poll and decide the running ones,
    /// select new candidates (asking for approval where a rule fires), start what fits.
    public func step() async throws(OnlineError) -> OnlineStepReport {
        guard settings.trafficFraction > 0, settings.trafficFraction <= 0.5 else {
            throw .invalidSettings("traffic_fraction must be in (0, 0.5], found \(settings.trafficFraction)")
        }
        do {
            let production = try currentProduction()
            var report = OnlineStepReport(productionID: production.id)
            for record in try store.experiments(statuses: [.starting]) {
                await start(record, report: &report)
            }
            for record in try store.experiments(statuses: [.running]) {
                try await advance(record, report: &report)
            }
            let current = try currentProduction()
            report.productionID = current.id
            try select(production: current, report: &report)
            try await startWaiting(production: current, report: &report)
            return report
        } catch let error as StoreError {
            throw .store(error)
        } catch {
            throw .store(.sqlite(operation: "online step", code: -1, message: "\(error)"))
        }
    }

    func currentProduction() throws(StoreError) -> ProductionRecord {
        try store.ensureProduction(initial: initialProduction, fingerprint: Fingerprint.ofConfig(initialProduction), at: now())
    }

    static func spec(_ record: ExperimentRecord) -> ExperimentSpec {
        ExperimentSpec(
            id: record.id, candidateID: record.candidateID, control: record.control, treatment: record.treatment,
            trafficFraction: record.trafficFraction, seed: record.seed, northStar: record.northStar)
    }
}
