/// A candidate's place in the journal's lifecycle (see PRODUCT.md):
/// proposed → invalid | duplicate | queued → training → scored | failed → selected →
/// awaiting-approval → approved | rejected → live → launched | not-launched | aborted.
public enum LifecycleState: String, Sendable, CaseIterable, Codable, Hashable {
    case proposed
    case invalid
    case duplicate
    case queued
    case training
    case scored
    case failed
    case selected
    case awaitingApproval = "awaiting-approval"
    case approved
    case rejected
    case live
    case launched
    case notLaunched = "not-launched"
    case aborted

    /// States a candidate may move to from this one. `training → queued` re-queues a job
    /// interrupted by a crash; `selected → live` is the path when no approval rule fires.
    public var successors: Set<LifecycleState> {
        switch self {
        case .proposed: [.invalid, .duplicate, .queued]
        case .queued: [.training]
        case .training: [.scored, .failed, .queued]
        case .scored: [.selected]
        case .selected: [.awaitingApproval, .live, .scored]
        case .awaitingApproval: [.approved, .rejected]
        case .approved: [.live]
        case .live: [.launched, .notLaunched, .aborted]
        case .invalid, .duplicate, .failed, .rejected, .launched, .notLaunched, .aborted: []
        }
    }

    public var isTerminal: Bool { successors.isEmpty }

    public func canMove(to next: LifecycleState) -> Bool { successors.contains(next) }
}
