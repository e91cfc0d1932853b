extension Policy {
    /// One approval rule: a name (shown to the reviewer as the reason), the conditions
    /// under which it applies, and what it then requires.
    public struct ApprovalRule: Sendable, Equatable {
        public var name: String
        public var when: Conditions
        public var require: Requirement

        public init(name: String, when: Conditions, require: Requirement = .approval) {
            self.name = name
            self.when = when
            self.require = require
        }

        /// True when every condition that is set holds; a rule without conditions applies
        /// to every change.
        public func applies(to facts: ApprovalFacts) -> Bool {
            when.hold(for: facts)
        }
    }
}
