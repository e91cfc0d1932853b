import KaizenCore

/// What one online step did, in order, for the CLI and the run log.
public struct OnlineStepReport: Sendable {
    public struct Event: Sendable, Equatable {
        public enum Kind: String, Sendable {
            case polled, running, decided, selected, awaitingApproval = "awaiting-approval", started, waiting, error
        }
        public var kind: Kind
        /// The experiment or candidate concerned.
        public var subject: String
        public var message: String
        /// For a decision: launched, not-launched or aborted.
        public var outcome: Decision.Outcome?
    }

    public var productionID: Int64
    public var events: [Event] = []

    public init(productionID: Int64) {
        self.productionID = productionID
    }

    mutating func add(_ kind: Event.Kind, _ subject: String, _ message: String, outcome: Decision.Outcome? = nil) {
        events.append(Event(kind: kind, subject: subject, message: message, outcome: outcome))
    }

    public func events(_ kind: Event.Kind) -> [Event] { events.filter { $0.kind == kind } }

    public var json: JSONValue {
        .object([
            "production": .number(Double(productionID)),
            "events": .array(events.map { event in
                var object: [String: JSONValue] = ["kind": .string(event.kind.rawValue), "subject": .string(event.subject), "message": .string(event.message)]
                if let outcome = event.outcome { object["outcome"] = .string(outcome.rawValue) }
                return .object(object)
            }),
        ])
    }
}
