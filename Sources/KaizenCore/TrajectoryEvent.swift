/// One line of the open trajectory format `kaizen.trajectory.v1`: an agent episode's step.
///
/// The fields beyond `schema`, `trajectory`, `step` and `type` live in `fields` unchanged,
/// including unknown extras, so an import followed by an export is lossless.
public struct TrajectoryEvent: Sendable, Hashable {
    public static let schema = "kaizen.trajectory.v1"

    public enum Kind: String, Sendable, CaseIterable, Codable {
        case task, search, browse, reason, answer, proposal, outcome
    }

    public var trajectory: String
    public var step: Int
    public var kind: Kind
    public var fields: [String: JSONValue]

    public init(trajectory: String, step: Int, kind: Kind, fields: [String: JSONValue] = [:]) {
        self.trajectory = trajectory
        self.step = step
        self.kind = kind
        self.fields = fields
    }

    /// The whole line as a JSON object.
    public var json: JSONValue {
        var object = fields
        object["schema"] = .string(Self.schema)
        object["trajectory"] = .string(trajectory)
        object["step"] = .number(Double(step))
        object["type"] = .string(kind.rawValue)
        return .object(object)
    }
}
