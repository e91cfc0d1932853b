import Foundation
import KaizenCore
import KaizenYAML

/// Per persona, the config fields a delta may touch and their legal values. Read from
/// `Policies/search-space.yaml`; validators, prompts and classical proposers share it.
public struct SearchSpace: Sendable, Equatable {
    public static let fileName = "search-space.yaml"

    /// Persona → its fields, in file order.
    public var fields: [Persona: [SearchField]]

    public init(fields: [Persona: [SearchField]]) {
        self.fields = fields
    }

    public func field(_ path: String) -> SearchField? {
        fields.values.lazy.flatMap { $0 }.first { $0.path == path }
    }

    /// Every problem with a complete config: missing or unknown fields, illegal values.
    public func problems(inConfig config: JSONValue) -> [String] {
        var out: [String] = []
        let known = Set(fields.values.flatMap { $0 }.map(\.path))
        for persona in Persona.allCases {
            for field in fields[persona] ?? [] {
                guard let value = config.value(at: field.path) else {
                    out.append("\(field.path): missing")
                    continue
                }
                if let problem = field.problem(with: value) { out.append("\(field.path): \(problem)") }
            }
        }
        for path in config.leafPaths() where !known.contains(path) {
            out.append("\(path): not a field of the search space")
        }
        return out
    }

    /// Every problem with a persona's delta (a JSON merge patch): it may only set that
    /// persona's fields, to legal values, and may not remove any.
    public func problems(inDelta delta: JSONValue, persona: Persona) -> [String] {
        guard case .object(let top) = delta else { return ["delta: expected a JSON object, found \(delta.typeName)"] }
        if top.isEmpty { return ["delta: empty; it changes nothing"] }
        let own = Dictionary(uniqueKeysWithValues: (fields[persona] ?? []).map { ($0.path, $0) })
        var out: [String] = []
        for path in delta.leafPaths() {
            guard let field = own[path] else {
                out.append(field(path) == nil
                    ? "\(path): not a field of the search space"
                    : "\(path): belongs to another persona, not \(persona.rawValue)")
                continue
            }
            guard let value = delta.value(at: path), value != .null else {
                out.append("\(path): a delta may not remove a field")
                continue
            }
            if let problem = field.problem(with: value) { out.append("\(path): \(problem)") }
        }
        return out
    }
}
