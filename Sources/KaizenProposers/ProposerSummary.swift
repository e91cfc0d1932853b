import KaizenCore
import KaizenSearchSpace

/// The plain-text state of a classical proposer for an LLM prompt: what the history says
/// about good regions and what the proposer would try next, in a few short lines.
struct ProposerSummary {
    static let maxCharacters = 1_500

    var name: String
    var space: SearchSpace
    var persona: Persona
    var base: JSONValue
    var history: [Observation]
    var nextTries: [JSONValue]

    var text: String {
        var lines = [headline]
        if let region = bestRegion { lines.append(region) }
        lines.append("Next tries (changes from production):")
        if nextTries.isEmpty { lines.append("  none: every nearby point has been tried") }
        for (i, delta) in nextTries.enumerated() { lines.append("  \(i + 1). \(compact(delta))") }
        let text = lines.joined(separator: "\n")
        return text.count <= Self.maxCharacters ? text : String(text.prefix(Self.maxCharacters - 1)) + "…"
    }

    private var scored: [(config: JSONValue, score: Double)] {
        history.compactMap { observation in
            guard let score = observation.score, score.isFinite else { return nil }
            return (base.merging(patch: observation.delta), score)
        }
    }

    private var headline: String {
        let prefix = "\(name) proposer, \(persona.rawValue) persona: "
        guard !history.isEmpty else { return prefix + "no history yet, so no best region; next tries are random samples." }
        let scored = scored
        let failed = history.count - scored.count
        guard let best = scored.map(\.score).max() else {
            return prefix + "\(history.count) observations, none scored (\(failed) failed); no best region yet."
        }
        return prefix + "\(history.count) observations (\(scored.count) scored, \(failed) failed); best score \(Self.format(best))."
    }

    /// Per field: the range (numbers) or counts (choices, bools, lists) among the top quarter.
    private var bestRegion: String? {
        let scored = scored.enumerated().sorted { $0.element.score != $1.element.score ? $0.element.score > $1.element.score : $0.offset < $1.offset }
        guard !scored.isEmpty else { return nil }
        let top = scored.prefix((scored.count + 3) / 4).map(\.element.config)
        let parts = (space.fields[persona] ?? []).map { field -> String in
            let values = top.compactMap { $0.value(at: field.path) }
            return "\(shortName(field.path)) \(describe(values, kind: field.kind))"
        }
        return "Best region (top \(top.count) of \(scored.count) scored): " + parts.joined(separator: "; ")
    }

    private func describe(_ values: [JSONValue], kind: SearchField.Kind) -> String {
        guard !values.isEmpty else { return "unset" }
        switch kind {
        case .int, .float:
            let numbers = values.compactMap(\.doubleValue)
            if numbers.count == values.count, let low = numbers.min(), let high = numbers.max() {
                return low == high ? Self.format(low) : "\(Self.format(low))..\(Self.format(high))"
            }
        default:
            break
        }
        var counts: [String: Int] = [:]
        for value in values { counts[value.canonicalText, default: 0] += 1 }
        return counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .map { "\($0.key)×\($0.value)" }.joined(separator: " ")
    }

    /// `name=adam, learning_rate=0.003`: the delta's fields without the persona prefix.
    private func compact(_ delta: JSONValue) -> String {
        let parts = delta.leafPaths().compactMap { path in
            delta.value(at: path).map { "\(shortName(path))=\($0.canonicalText)" }
        }
        return parts.isEmpty ? "(no change)" : parts.joined(separator: ", ")
    }

    private func shortName(_ path: String) -> String {
        let prefix = persona.rawValue + "."
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }

    static func format(_ x: Double) -> String {
        JSONValue.number(x.rounded(significantDigits: 4)).canonicalText
    }
}
