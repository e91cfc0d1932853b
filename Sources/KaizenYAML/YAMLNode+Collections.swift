extension YAMLNode {
    /// A mapping whose keys must all be in `allowed`.
    ///
    /// Unknown keys are errors, not ignored: a misspelt key would otherwise fall back to a
    /// default without anyone noticing. The error sits on the key itself and suggests the
    /// nearest allowed key.
    public func mapping(allowed: [String]) throws -> YAMLMapping {
        guard case .mapping(let entries) = content else {
            throw error("expected a mapping, found \(found)")
        }
        var firstLine: [String: Int] = [:]
        for entry in entries {
            let keyPath = childPath(key: entry.key)
            if let line = firstLine[entry.key] {
                throw ConfigError(file: file, line: entry.line, column: entry.column, key: keyPath,
                                  message: "duplicate key '\(entry.key)' (first defined at line \(line))")
            }
            firstLine[entry.key] = entry.line
            guard allowed.contains(entry.key) else {
                var message = "unknown key '\(entry.key)'"
                if let suggestion = Suggestion.closest(to: entry.key, among: allowed) {
                    message += " (did you mean '\(suggestion)'?)"
                } else if allowed.isEmpty {
                    message += " (no keys are allowed here)"
                } else {
                    message += " (allowed: \(allowed.joined(separator: ", ")))"
                }
                throw ConfigError(file: file, line: entry.line, column: entry.column, key: keyPath, message: message)
            }
        }
        return YAMLMapping(node: self, entries: entries)
    }

    /// A mapping whose keys are chosen by the file's author (field names, labels); only
    /// duplicates are errors.
    public func openMapping() throws -> YAMLMapping {
        guard case .mapping(let entries) = content else {
            throw error("expected a mapping, found \(found)")
        }
        return try mapping(allowed: entries.map(\.key))
    }

    /// The elements of a sequence; their paths are `key[0]`, `key[1]`, ...
    public func array() throws -> [YAMLNode] {
        guard case .sequence(let items) = content else {
            throw error("expected a sequence, found \(found)")
        }
        return items
    }

    /// A mapping of free-form keys to scalar values (labels, headers, environment).
    public func stringMap() throws -> [String: String] {
        guard case .mapping(let entries) = content else {
            throw error("expected a mapping of strings, found \(found)")
        }
        var result: [String: String] = [:]
        for entry in entries {
            if result[entry.key] != nil {
                throw ConfigError(file: file, line: entry.line, column: entry.column, key: childPath(key: entry.key),
                                  message: "duplicate key '\(entry.key)'")
            }
            result[entry.key] = try entry.value.string()
        }
        return result
    }
}
