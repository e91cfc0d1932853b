/// A scalar's source text and its type under the YAML 1.2 core schema.
///
/// We resolve types ourselves instead of using Yams' YAML 1.1 resolver, so that `no`
/// (Norway) stays a string and the error for `enabled: yes` can say why it is rejected.
struct YAMLScalar: Sendable {
    enum Kind: Sendable, Equatable {
        case null, bool, int, float, string
    }

    let text: String
    let kind: Kind
    /// Written quoted (or as a block scalar, or tagged `!!str`): always a string.
    let quoted: Bool

    init(text: String, quoted: Bool, explicitTag: String?) {
        self.text = text
        self.quoted = quoted
        if quoted {
            kind = .string
        } else {
            switch explicitTag {
            case "tag:yaml.org,2002:str": kind = .string
            default: kind = YAMLScalar.resolve(plain: text)
            }
        }
    }

    /// The text shortened to one line, for error messages.
    var excerpt: String {
        var first = text.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? ""
        var cut = first.count < text.count
        if first.count > 40 {
            first = String(first.prefix(40))
            cut = true
        }
        return cut ? first + "..." : first
    }

    /// The YAML 1.2 core schema's tag resolution for a plain scalar.
    static func resolve(plain text: String) -> Kind {
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE", "false", "False", "FALSE": return .bool
        default: break
        }
        if isIntegerSyntax(text) { return .int }
        if isFloatSyntax(text) { return .float }
        return .string
    }

    /// `[-+]?[0-9]+ | 0o[0-7]+ | 0x[0-9a-fA-F]+` (syntax only; may overflow Int).
    static func isIntegerSyntax(_ text: String) -> Bool {
        let chars = Array(text.unicodeScalars)
        if text.hasPrefix("0o") { return chars.count > 2 && chars[2...].allSatisfy { ("0"..."7").contains($0) } }
        if text.hasPrefix("0x") { return chars.count > 2 && chars[2...].allSatisfy { $0.properties.isASCIIHexDigit } }
        var digits = chars[...]
        if let first = digits.first, first == "-" || first == "+" { digits = digits.dropFirst() }
        return !digits.isEmpty && digits.allSatisfy { ("0"..."9").contains($0) }
    }

    /// The core schema's integer forms, as an Int (nil on bad syntax or overflow).
    static func parseInt(_ text: String) -> Int? {
        if text.hasPrefix("0o") { return Int(text.dropFirst(2), radix: 8) }
        if text.hasPrefix("0x") { return Int(text.dropFirst(2), radix: 16) }
        guard isIntegerSyntax(text) else { return nil }
        return Int(text.hasPrefix("+") ? String(text.dropFirst()) : text, radix: 10)
    }

    /// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`, `[-+]?\.inf`, `\.nan`.
    static func isFloatSyntax(_ text: String) -> Bool {
        var rest = Substring(text)
        if rest.first == "-" || rest.first == "+" { rest = rest.dropFirst() }
        if [".inf", ".Inf", ".INF"].contains(rest) { return true }
        if [".nan", ".NaN", ".NAN"].contains(text) { return true }
        func digits(_ s: inout Substring) -> Int {
            let count = s.prefix { ("0"..."9").contains($0) }.count
            s = s.dropFirst(count)
            return count
        }
        if rest.first == "." {
            rest = rest.dropFirst()
            guard digits(&rest) > 0 else { return false }
        } else {
            guard digits(&rest) > 0 else { return false }
            if rest.first == "." {
                rest = rest.dropFirst()
                _ = digits(&rest)
            }
        }
        if rest.first == "e" || rest.first == "E" {
            rest = rest.dropFirst()
            if rest.first == "-" || rest.first == "+" { rest = rest.dropFirst() }
            guard digits(&rest) > 0 else { return false }
        }
        return rest.isEmpty
    }

    /// The value of an int or float scalar, with `.inf`/`.nan` mapped to Double's.
    static func parseDouble(_ text: String) -> Double? {
        var rest = Substring(text)
        var sign = 1.0
        if rest.first == "-" { sign = -1; rest = rest.dropFirst() } else if rest.first == "+" { rest = rest.dropFirst() }
        if [".inf", ".Inf", ".INF"].contains(rest) { return sign * .infinity }
        if [".nan", ".NaN", ".NAN"].contains(text) { return .nan }
        if let int = parseInt(text) { return Double(int) }
        return Double(String(rest)).map { sign * $0 }
    }
}
