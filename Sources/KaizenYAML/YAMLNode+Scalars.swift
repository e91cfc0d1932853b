extension YAMLNode {
    /// Any non-null scalar as its source text; numbers and booleans are accepted because
    /// a string field may legitimately hold `2024` or `true`.
    public func string() throws -> String {
        guard case .scalar(let scalar) = content, scalar.kind != .null else {
            throw error("expected a string, found \(found)")
        }
        return scalar.text
    }

    /// An integer (YAML 1.2 core: decimal, `0x`, `0o`; an integral float such as `1e6` too),
    /// optionally within a range that the message then states.
    public func int(in range: ClosedRange<Int>? = nil) throws -> Int {
        let expected = "expected an integer" + Self.describe(range)
        guard case .scalar(let scalar) = content else { throw error("\(expected), found \(found)") }
        let value: Int?
        switch scalar.kind {
        case .int:
            guard let parsed = YAMLScalar.parseInt(scalar.text) else {
                throw error("\(expected), found \(found), which is too large")
            }
            value = parsed
        case .float:
            value = YAMLScalar.parseDouble(scalar.text).flatMap { $0.isFinite ? Int(exactly: $0) : nil }
        default:
            value = nil
        }
        guard let value, range?.contains(value) ?? true else { throw error("\(expected), found \(found)") }
        return value
    }

    /// A finite number (integers accepted), optionally within a range. NaN and infinity are
    /// rejected: they silently disable every comparison made with them later.
    public func double(in range: ClosedRange<Double>? = nil) throws -> Double {
        let expected = "expected a number" + Self.describe(range)
        guard case .scalar(let scalar) = content, scalar.kind == .int || scalar.kind == .float,
              let value = YAMLScalar.parseDouble(scalar.text) else {
            throw error("\(expected), found \(found)")
        }
        guard value.isFinite else { throw error("expected a finite number, found \(found)") }
        guard range?.contains(value) ?? true else { throw error("\(expected), found \(found)") }
        return value
    }

    /// `true` or `false` only (YAML 1.2 core). YAML 1.1's `yes`/`no`/`on`/`off` are strings
    /// in 1.2, and the message says so rather than guessing what was meant.
    public func bool() throws -> Bool {
        guard case .scalar(let scalar) = content, scalar.kind == .bool else {
            var message = "expected a boolean (true or false), found \(found)"
            if case .scalar(let scalar) = content,
               ["yes", "no", "on", "off", "y", "n"].contains(scalar.text.lowercased()) {
                message += "; YAML 1.2 booleans are only true and false"
            }
            throw error(message)
        }
        return scalar.text.lowercased() == "true"
    }

    /// A string that must be one of `values`; the message lists them and suggests the
    /// nearest when it looks like a typo.
    public func oneOf(_ values: [String]) throws -> String {
        let expected = "expected one of " + values.joined(separator: ", ")
        guard case .scalar(let scalar) = content, scalar.kind != .null else {
            throw error("\(expected); found \(found)")
        }
        guard values.contains(scalar.text) else {
            var message = "\(expected); found \(found)"
            if let suggestion = Suggestion.closest(to: scalar.text, among: values) {
                message += " (did you mean '\(suggestion)'?)"
            }
            throw error(message)
        }
        return scalar.text
    }

    private static func describe(_ range: ClosedRange<Int>?) -> String {
        guard let range else { return "" }
        switch (range.lowerBound == Int.min, range.upperBound == Int.max) {
        case (true, true): return ""
        case (false, true): return " >= \(range.lowerBound)"
        case (true, false): return " <= \(range.upperBound)"
        case (false, false): return " between \(range.lowerBound) and \(range.upperBound)"
        }
    }

    private static func describe(_ range: ClosedRange<Double>?) -> String {
        guard let range else { return "" }
        let openBelow = range.lowerBound <= -Double.greatestFiniteMagnitude
        let openAbove = range.upperBound >= Double.greatestFiniteMagnitude
        switch (openBelow, openAbove) {
        case (true, true): return ""
        case (false, true): return " >= \(format(range.lowerBound))"
        case (true, false): return " <= \(format(range.upperBound))"
        case (false, false): return " between \(format(range.lowerBound)) and \(format(range.upperBound))"
        }
    }

    /// `1` rather than `1.0`, so bounds read the way people write them in YAML.
    private static func format(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return String(value)
    }
}
