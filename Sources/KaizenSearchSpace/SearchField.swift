import KaizenCore

/// One field a persona may change, and its legal values.
public struct SearchField: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case choice([JSONValue])
        case bool
        case int(min: Int, max: Int)
        case float(min: Double, max: Double, logScale: Bool)
        case intList(minLength: Int, maxLength: Int, min: Int, max: Int)
    }

    /// Dotted path in the config, e.g. `optimizer.learning_rate`.
    public var path: String
    public var kind: Kind

    public init(path: String, kind: Kind) {
        self.path = path
        self.kind = kind
    }

    /// Why `value` is not legal for this field, or nil when it is.
    public func problem(with value: JSONValue) -> String? {
        switch kind {
        case .choice(let values):
            return values.contains(value) ? nil : "\(value.canonicalText) is not one of \(values.map(\.canonicalText).joined(separator: ", "))"
        case .bool:
            return value.boolValue == nil ? "expected true or false, found \(value.canonicalText)" : nil
        case .int(let min, let max):
            guard let n = value.intValue else { return "expected an integer, found \(value.canonicalText)" }
            return (min...max).contains(n) ? nil : "\(n) is outside [\(min), \(max)]"
        case .float(let min, let max, _):
            guard let x = value.doubleValue, x.isFinite else { return "expected a number, found \(value.canonicalText)" }
            return (min...max).contains(x) ? nil : "\(value.canonicalText) is outside [\(JSONValue.number(min).canonicalText), \(JSONValue.number(max).canonicalText)]"
        case .intList(let minLength, let maxLength, let min, let max):
            guard let items = value.arrayValue else { return "expected a list of integers, found \(value.canonicalText)" }
            guard (minLength...maxLength).contains(items.count) else { return "\(items.count) entries; \(minLength) to \(maxLength) allowed" }
            for (i, item) in items.enumerated() {
                guard let n = item.intValue else { return "entry \(i) is not an integer" }
                guard (min...max).contains(n) else { return "entry \(i) (\(n)) is outside [\(min), \(max)]" }
            }
            return nil
        }
    }
}
