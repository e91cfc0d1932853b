import KaizenYAML

/// Collects errors while a policy is read, instead of stopping at the first, so the user
/// sees every problem at once. Readers return nil for anything that failed and build
/// their value only when no error was added.
struct PolicyIssues {
    private(set) var errors: [ConfigError] = []

    var count: Int { errors.count }

    mutating func report(_ error: ConfigError) {
        errors.append(error)
    }

    /// Runs one read, recording its error (accessors only throw ConfigError).
    mutating func check<T>(_ read: () throws -> T) -> T? {
        do {
            return try read()
        } catch let error as ConfigError {
            errors.append(error)
        } catch {
            errors.append(ConfigError(file: "policy", line: nil, column: nil, key: nil, message: "\(error)"))
        }
        return nil
    }

    /// A required key of a mapping that may itself have failed to read (then nil, silently:
    /// its error is already recorded).
    mutating func value<T>(_ mapping: YAMLMapping?, _ key: String, _ read: (YAMLNode) throws -> T) -> T? {
        guard let mapping else { return nil }
        return check { try read(mapping.required(key)) }
    }

    /// An optional key: `.some(nil)` when absent or null, nil when it (or its mapping) failed.
    mutating func optional<T>(_ mapping: YAMLMapping?, _ key: String, _ read: (YAMLNode) throws -> T) -> T?? {
        guard let mapping else { return nil }
        return check { try mapping.optional(key, read) }
    }

    /// A required nested mapping with its allowed keys.
    mutating func section(_ mapping: YAMLMapping?, _ key: String, allowed: [String]) -> YAMLMapping? {
        value(mapping, key) { try $0.mapping(allowed: allowed) }
    }
}
