import KaizenCode
import KaizenCore
import KaizenStore

/// What the LLM-written models of code mode achieved, grouped by n (the supporting examples
/// their prompt held), as the study reports them.
public struct CodeSummary: Sendable {
    public struct Group: Sendable {
        public var examples: Int
        public var proposals = 0
        public var passed = 0
        public var duplicates = 0
        public var trained: [(dataset: String, value: Double)] = []

        public var passShare: Double { proposals == 0 ? 0 : Double(passed) / Double(proposals) }
        public var duplicateShare: Double { proposals == 0 ? 0 : Double(duplicates) / Double(proposals) }
        public var best: Double? { trained.map(\.value).max() }
        public var mean: Double? { trained.isEmpty ? nil : trained.map(\.value).reduce(0, +) / Double(trained.count) }
    }

    public var metric: String
    public var groups: [Group]
    /// n → dataset-balanced mean of the trained models.
    public var balanced: [Int: Double]

    /// LLM-proposed code candidates only (seeds are hand-written): those with a `code` delta,
    /// which every generated model gets, accepted or not.
    public static func make(store: Store, metric: String) throws -> CodeSummary {
        var groups: [Int: Group] = [:]
        var rows: [DatasetBalancedMean.Row] = []
        for candidate in try store.candidates(persona: .architecture) where candidate.proposer != CodeTask.seedProposer {
            guard let code = candidate.delta?["code"] else { continue }
            let n = code["examples"]?.intValue ?? 0
            var group = groups[n] ?? Group(examples: n)
            group.proposals += 1
            if candidate.state == .duplicate { group.duplicates += 1 }
            if ![.invalid, .duplicate].contains(candidate.state) { group.passed += 1 }
            if let value = try store.metrics(candidate: candidate.id).first(where: { $0.name == metric && $0.step == nil })?.value, value.isFinite {
                let dataset = code["dataset"]?.stringValue ?? "?"
                group.trained.append((dataset, value))
                rows.append(.init(examples: n, dataset: dataset, value: value))
            }
            groups[n] = group
        }
        return CodeSummary(metric: metric, groups: groups.values.sorted { $0.examples < $1.examples }, balanced: DatasetBalancedMean.byExamples(rows))
    }

    public var json: JSONValue {
        .object([
            "metric": .string(metric),
            "groups": .array(groups.map { g in
                .object([
                    "n": .number(Double(g.examples)), "proposals": .number(Double(g.proposals)), "passed": .number(Double(g.passed)),
                    "pass_share": .number(g.passShare), "duplicates": .number(Double(g.duplicates)), "duplicate_share": .number(g.duplicateShare),
                    "trained": .number(Double(g.trained.count)), "best": g.best.map(JSONValue.number) ?? .null,
                    "mean": g.mean.map(JSONValue.number) ?? .null, "balanced_mean": balanced[g.examples].map(JSONValue.number) ?? .null,
                ])
            }),
        ])
    }

    public var text: String {
        guard !groups.isEmpty else { return "No generated models yet." }
        func f(_ v: Double?) -> String { v.map { String(format: "%.4f", $0) } ?? "-" }
        var lines = ["n  proposals  passed  duplicates  trained  best \(metric)  mean  balanced mean"]
        for g in groups {
            lines.append("\(g.examples)  \(g.proposals)  \(String(format: "%.0f%%", g.passShare * 100))  \(String(format: "%.0f%%", g.duplicateShare * 100))  \(g.trained.count)  \(f(g.best))  \(f(g.mean))  \(f(balanced[g.examples]))")
        }
        return lines.joined(separator: "\n")
    }
}
