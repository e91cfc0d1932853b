import KaizenCore

/// A readable diff of a candidate's config against production: one line per changed leaf,
/// by dotted path.
public struct ConfigDiff: Sendable, Equatable {
    public struct Line: Sendable, Equatable {
        public var path: String
        /// Production's value; nil when the key is new.
        public var old: JSONValue?
        /// The candidate's value; nil when the key is removed.
        public var new: JSONValue?

        public init(path: String, old: JSONValue?, new: JSONValue?) {
            self.path = path
            self.old = old
            self.new = new
        }
    }

    public var lines: [Line]

    /// Compares leaves (numbers, strings, booleans, arrays as wholes) of two configs.
    public init(production: JSONValue?, candidate: JSONValue?) {
        var old: [String: JSONValue] = [:]
        var new: [String: JSONValue] = [:]
        Self.flatten(production, prefix: "", into: &old)
        Self.flatten(candidate, prefix: "", into: &new)
        lines = Set(old.keys).union(new.keys).sorted().compactMap { path in
            old[path] == new[path] ? nil : Line(path: path, old: old[path], new: new[path])
        }
    }

    static func flatten(_ value: JSONValue?, prefix: String, into out: inout [String: JSONValue]) {
        guard let value else { return }
        if case .object(let members) = value, !members.isEmpty {
            for (key, member) in members { flatten(member, prefix: prefix.isEmpty ? key : "\(prefix).\(key)", into: &out) }
        } else if !prefix.isEmpty {
            out[prefix] = value
        }
    }

    /// Unified-diff style text: `- path: old` and `+ path: new`.
    public var text: String {
        if lines.isEmpty { return "(no change)" }
        return lines.map { line in
            var out: [String] = []
            if let old = line.old { out.append("- \(line.path): \(old.canonicalText)") }
            if let new = line.new { out.append("+ \(line.path): \(new.canonicalText)") }
            return out.joined(separator: "\n")
        }.joined(separator: "\n")
    }
}
