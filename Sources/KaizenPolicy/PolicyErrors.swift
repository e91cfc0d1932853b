import KaizenYAML

/// Every problem found while loading a policy, across all files, so that one edit-and-retry
/// fixes them all and the loop never starts with a half-read policy.
public struct PolicyErrors: Error, Equatable, Sendable, CustomStringConvertible {
    /// Ordered by file (as in `Policy.fileNames`), then by position in the file.
    public let errors: [ConfigError]

    public init(errors: [ConfigError]) {
        self.errors = errors
    }

    /// One error per line, each `file:line:column: key: message`.
    public var description: String {
        errors.map(\.description).joined(separator: "\n")
    }
}
