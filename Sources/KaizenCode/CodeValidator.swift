/// The checks a generated model must pass before training, cheapest first: code present,
/// `class Net` defined, fingerprint unseen, then the sandboxed compile.
public struct CodeValidator: Sendable {
    public var syntax: SyntaxChecker

    public init(syntax: SyntaxChecker = SyntaxChecker()) {
        self.syntax = syntax
    }

    public struct Accepted: Sendable, Hashable {
        public var source: String
        public var fingerprint: String
    }

    /// - Parameter seen: the id of an earlier candidate with this fingerprint, if any.
    public func validate(reply: String, seen: @Sendable (String) throws -> String?) async rethrows -> Result<Accepted, CodeRejection> {
        guard let source = CodeExtractor.extract(reply) else { return .failure(.noCode) }
        guard CodeChecks.hasNetClass(source) else { return .failure(.noNetClass) }
        let fingerprint = CodeChecks.fingerprint(source)
        if let earlier = try seen(fingerprint) { return .failure(.duplicate(of: earlier)) }
        if let rejection = await syntax.check(source) { return .failure(rejection) }
        return .success(Accepted(source: source, fingerprint: fingerprint))
    }
}
