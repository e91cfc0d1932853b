/// A person behind a review token: the name decisions are recorded under, and what they may do.
public struct Reviewer: Sendable, Hashable {
    public enum Role: String, Sendable, CaseIterable {
        /// Reads everything, decides nothing.
        case viewer
        /// Also approves, rejects and re-trains.
        case approver
    }

    public var name: String
    public var role: Role

    public init(name: String, role: Role) {
        self.name = name
        self.role = role
    }

    public var mayDecide: Bool { role == .approver }
}
