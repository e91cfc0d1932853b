extension Policy {
    /// Declarative rules for which changes must wait for a person's approval.
    public struct Approval: Sendable, Equatable {
        /// In file order; names are unique.
        public var rules: [ApprovalRule]

        public init(rules: [ApprovalRule]) {
            self.rules = rules
        }

        /// The rules that apply to a change: a rule applies when all of its conditions hold
        /// (AND), and the change needs approval when any rule applies (OR). Returned in
        /// file order, so the reviewer sees every reason, not only the first.
        public func rulesRequiringApproval(for facts: ApprovalFacts) -> [ApprovalRule] {
            rules.filter { $0.applies(to: facts) }
        }
    }
}
