import Foundation
import KaizenCore
import KaizenStore

/// A note that could not be loaded, named by its file; the rest load regardless.
public struct KnowledgeProblem: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file's (or folder's) path.
    public var file: String
    public var message: String

    public init(file: String, message: String) {
        self.file = file
        self.message = message
    }

    public var description: String { "\(file): \(message)" }
}

/// What `KnowledgeBase.load` found: the notes that loaded and the files that did not.
public struct KnowledgeLoad: Sendable, Hashable {
    public var documents: [Document]
    public var problems: [KnowledgeProblem]

    public init(documents: [Document], problems: [KnowledgeProblem]) {
        self.documents = documents
        self.problems = problems
    }
}

/// What `KnowledgeBase.sync` wrote to the store.
public struct KnowledgeSyncReport: Sendable, Hashable {
    /// Notes upserted from the knowledge folder.
    public var notes: Int
    /// Experiment cards upserted, one per journaled candidate with a delta.
    public var cards: Int
    public var problems: [KnowledgeProblem]

    public init(notes: Int, cards: Int, problems: [KnowledgeProblem]) {
        self.notes = notes
        self.cards = cards
        self.problems = problems
    }
}

/// The agents' searchable evidence: our notes on techniques (`Knowledge/*.md`, `*.txt`) and
/// one experiment card per journaled candidate, kept in the store's documents table.
public enum KnowledgeBase {
    /// File extensions loaded as notes.
    public static let noteExtensions: Set<String> = ["md", "txt"]
    /// `source` of notes and of experiment cards.
    public static let noteSource = "knowledge"
    public static let cardSource = "journal"
    /// Characters of the hypothesis kept in a card's title.
    static let titleHypothesisLength = 80

    public static func noteID(fileName: String) -> String { "kb:" + fileName }
    public static func cardID(candidate id: String) -> String { "card:" + id }

    /// Loads the `.md` and `.txt` files directly inside `directory`, in file-name order, as
    /// documents with id `kb:<file name without extension>`, the first `# ` heading (or the
    /// file name) as title and the whole file as text. Unreadable, non-UTF-8 and empty files,
    /// and files whose id another file already took, are problems; the rest still load.
    public static func load(directory: URL) -> KnowledgeLoad {
        let fm = FileManager.default
        let names: [String]
        do {
            names = try fm.contentsOfDirectory(atPath: directory.path)
        } catch {
            return KnowledgeLoad(documents: [], problems: [KnowledgeProblem(file: directory.path, message: "cannot list the knowledge folder: \(error.localizedDescription)")])
        }
        var documents: [Document] = []
        var problems: [KnowledgeProblem] = []
        var fileOfID: [String: String] = [:]
        for name in names.sorted() where !name.hasPrefix(".") {
            let url = directory.appending(path: name)
            guard noteExtensions.contains(url.pathExtension.lowercased()) else { continue }
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            let stem = url.deletingPathExtension().lastPathComponent
            let id = noteID(fileName: stem)
            if let other = fileOfID[id] {
                problems.append(KnowledgeProblem(file: url.path, message: "has the same id \(id) as \(other); skipped"))
                continue
            }
            let data: Data
            do {
                data = try Data(contentsOf: url)
            } catch {
                problems.append(KnowledgeProblem(file: url.path, message: "cannot read: \(error.localizedDescription)"))
                continue
            }
            guard let text = String(data: data, encoding: .utf8) else {
                problems.append(KnowledgeProblem(file: url.path, message: "is not UTF-8 text"))
                continue
            }
            guard text.contains(where: { !$0.isWhitespace }) else {
                problems.append(KnowledgeProblem(file: url.path, message: "is empty"))
                continue
            }
            fileOfID[id] = name
            documents.append(Document(id: id, title: title(of: text) ?? stem, text: text, source: noteSource))
        }
        return KnowledgeLoad(documents: documents, problems: problems)
    }

    /// The text of the first `# ` heading line, if any.
    static func title(of text: String) -> String? {
        for line in text.split(whereSeparator: \.isNewline) where line.hasPrefix("# ") {
            let title = line.dropFirst(2).trimmingCharacters(in: .whitespaces)
            if !title.isEmpty { return title }
        }
        return nil
    }

    /// A searchable summary of a journaled candidate: persona, state, the delta (canonical
    /// JSON and one line per changed field), hypothesis, rationale, the latest reason, offline
    /// metrics and, when there are any, online outcome metrics. Curves are summarized by
    /// their final value (the one without a step, else the latest step).
    public static func experimentCard(candidate: Candidate, metrics: [MetricValue]) -> Document {
        let hypothesis = candidate.hypothesis.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        var title = "\(candidate.persona.rawValue) candidate \(candidate.id)"
        if !hypothesis.isEmpty { title += ": " + shortened(hypothesis, to: titleHypothesisLength) }

        var lines = ["\(candidate.persona.rawValue) candidate \(candidate.id), proposed by \(candidate.proposer)"]
        lines.append("State: \(candidate.state.rawValue)")
        if let delta = candidate.delta {
            lines.append("Delta: \(delta.canonicalText)")
            for path in delta.leafPaths() {
                lines.append("  \(path) = \(delta.value(at: path)?.canonicalText ?? "null")")
            }
        }
        if !candidate.hypothesis.isEmpty { lines.append("Hypothesis: \(candidate.hypothesis)") }
        if !candidate.rationale.isEmpty { lines.append("Rationale: \(candidate.rationale)") }
        if let reason = candidate.reason, !reason.isEmpty { lines.append("Reason: \(reason)") }
        if let near = candidate.nearID { lines.append("Near duplicate of: \(near)") }
        let offline = finalValues(metrics, source: .offline)
        lines.append("Offline metrics: " + (offline.isEmpty ? "none" : offline.map { "\($0.name)=\(format($0.value))" }.joined(separator: " ")))
        let online = finalValues(metrics, source: .online)
        if !online.isEmpty {
            lines.append("Online outcome: " + online.map { "\($0.name)=\(format($0.value))" }.joined(separator: " "))
        }
        return Document(id: cardID(candidate: candidate.id), title: title, text: lines.joined(separator: "\n"), source: cardSource)
    }

    /// Upserts every note of `knowledgeDirectory` and an experiment card for every candidate
    /// in the store that has a delta, in one transaction. Documents are keyed by id, so a
    /// re-sync updates them in place. Notes removed from the folder stay in the store.
    @discardableResult
    public static func sync(store: Store, knowledgeDirectory: URL) throws(StoreError) -> KnowledgeSyncReport {
        let loaded = load(directory: knowledgeDirectory)
        let cards = try experimentCards(store: store)
        try store.upsertDocuments(loaded.documents + cards)
        return KnowledgeSyncReport(notes: loaded.documents.count, cards: cards.count, problems: loaded.problems)
    }

    /// Refreshes the experiment cards only: the agent calls this before each round, so the
    /// results of the previous round are searchable in the next.
    /// With `since`, only the cards of candidates changed since then (less a margin for
    /// writes that were in flight) are rebuilt: the agent's rounds stay cheap as the journal grows.
    @discardableResult
    public static func syncCards(store: Store, since: Date? = nil) throws(StoreError) -> Int {
        let cards = try experimentCards(store: store, since: since.map { $0.addingTimeInterval(-5) })
        try store.upsertDocuments(cards)
        return cards.count
    }

    static func experimentCards(store: Store, since: Date? = nil) throws(StoreError) -> [Document] {
        let changed = try store.candidates(updatedSince: since, limit: Int.max).filter { $0.delta != nil }
        if since != nil, changed.isEmpty { return [] }
        let metrics: [String: [MetricValue]]
        if since == nil || changed.count > 50 {
            metrics = try store.allMetrics()
        } else {
            var some: [String: [MetricValue]] = [:]
            for candidate in changed { some[candidate.id] = try store.metrics(candidate: candidate.id) }
            metrics = some
        }
        return changed.map { experimentCard(candidate: $0, metrics: metrics[$0.id] ?? []) }
    }

    /// One value per metric name of `source`, in first-recorded order: the value without a
    /// step if there is one, else the one with the latest step.
    static func finalValues(_ metrics: [MetricValue], source: MetricValue.Source) -> [MetricValue] {
        var order: [String] = []
        var chosen: [String: MetricValue] = [:]
        for metric in metrics where metric.source == source {
            guard let current = chosen[metric.name] else {
                order.append(metric.name)
                chosen[metric.name] = metric
                continue
            }
            switch (current.step, metric.step) {
            case (.some, nil): chosen[metric.name] = metric
            case (.some(let a), .some(let b)) where b >= a: chosen[metric.name] = metric
            case (nil, nil): chosen[metric.name] = metric
            default: break
            }
        }
        return order.compactMap { chosen[$0] }
    }

    static func format(_ value: Double) -> String {
        String(format: "%.6g", value)
    }

    static func shortened(_ text: String, to length: Int) -> String {
        text.count <= length ? text : String(text.prefix(length)).trimmingCharacters(in: .whitespaces) + "…"
    }
}
