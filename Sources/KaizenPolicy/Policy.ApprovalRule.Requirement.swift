extension Policy.ApprovalRule {
    /// What an applying rule demands. Only approval today; an enum so that a stricter
    /// outcome can be added without changing the file format.
    public enum Requirement: String, Sendable, Equatable, CaseIterable {
        /// A person must approve the change before it goes live.
        case approval
    }
}
