import Yams

extension ConfigError {
    /// Translates a Yams/libyaml error into our located error, rewording the cases people
    /// actually hit (tabs, a second document, duplicate keys) into advice.
    init(yamsError error: YamlError, file: String, text: String) {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _):
            self.init(file: file, line: mark.line, column: mark.column, key: nil,
                      message: Self.syntaxMessage(problem: problem, context: context, mark: mark, text: text))
        case let .composer(context, problem, mark, _):
            let message: String
            switch problem {
            case "but found another document":
                message = "expected a single YAML document, found another document"
            case "found undefined alias":
                message = "undefined alias"
            default:
                message = Self.syntaxMessage(problem: problem, context: context, mark: mark, text: text)
            }
            self.init(file: file, line: mark.line, column: mark.column, key: nil, message: message)
        case let .reader(problem, offset, _, _):
            let location = offset.map { Self.location(ofCharacterOffset: $0, in: text) }
            self.init(file: file, line: location?.line, column: location?.column, key: nil,
                      message: "cannot decode: \(problem)")
        case let .duplicatedKeysInMapping(duplicates, context):
            let key = duplicates.first ?? "?"
            if let second = DuplicateKeyLocator.locate(key: key, first: context.mark, in: text) {
                self.init(file: file, line: second.line, column: second.column, key: second.path,
                          message: "duplicate key '\(key)' (first defined at line \(context.mark.line))")
            } else {
                self.init(file: file, line: context.mark.line, column: context.mark.column, key: nil,
                          message: "duplicate key '\(key)'")
            }
        default:
            self.init(file: file, line: nil, column: nil, key: nil, message: "cannot parse: \(error)")
        }
    }

    private static func syntaxMessage(problem: String, context: YamlError.Context?, mark: Mark, text: String) -> String {
        if DuplicateKeyLocator.scalar(atLine: mark.line, column: mark.column, in: text) == "\t",
           problem.contains("cannot start any token") || problem.contains("tab") {
            return "syntax error: tab character in indentation (YAML indents with spaces only)"
        }
        guard let context else { return "syntax error: \(problem)" }
        let contextMark = context.mark
        if contextMark.line == mark.line, contextMark.column == mark.column {
            return "syntax error: \(problem) (\(context.text))"
        }
        return "syntax error: \(problem) (\(context.text) at line \(contextMark.line), column \(contextMark.column))"
    }

    /// Line and column (in Unicode scalars, 1-based) of a Character offset, which is what
    /// Yams reports for reader errors.
    private static func location(ofCharacterOffset offset: Int, in text: String) -> (line: Int, column: Int) {
        let prefix = text.prefix(offset)
        let line = prefix.reduce(1) { $1.isNewline ? $0 + 1 : $0 }
        let lastLine = prefix.lastIndex(where: \.isNewline).map { prefix[prefix.index(after: $0)...] } ?? prefix
        return (line, lastLine.unicodeScalars.count + 1)
    }
}
