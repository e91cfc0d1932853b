/// A problem in a configuration or policy file, located as precisely as we can, so that a
/// person can jump straight to the line and fix it instead of guessing which file is wrong.
public struct ConfigError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file's path, exactly as the caller gave it (it is what the user will recognise).
    public var file: String
    /// 1-based line, or nil when the problem is the file as a whole (unreadable, missing).
    public var line: Int?
    /// 1-based column, counted in Unicode scalars as libyaml does.
    public var column: Int?
    /// Dotted key path such as `llm.timeouts.total` or `rules[2].when.persona`;
    /// nil for problems that belong to no key (syntax errors, unreadable files).
    public var key: String?
    /// What is wrong, phrased so that it also says what would be right.
    public var message: String

    public init(file: String, line: Int?, column: Int?, key: String?, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.key = key
        self.message = message
    }

    /// `file:line:column: key: message`, leaving out the parts that are unknown, the shape
    /// compilers use, so editors and terminals make it clickable.
    public var description: String {
        var location = file
        if let line {
            location += ":\(line)"
            if let column { location += ":\(column)" }
        }
        if let key, !key.isEmpty {
            return "\(location): \(key): \(message)"
        }
        return "\(location): \(message)"
    }
}
