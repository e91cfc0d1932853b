import Foundation

/// Relevance judgments in TREC form: `qid Q0 doc grade` or `qid doc grade` per line.
public struct Qrels: Sendable, Equatable {
    /// Grades by query, then document. A grade is the gain for nDCG.
    public var grades: [String: [String: Double]] = [:]

    public init(grades: [String: [String: Double]]) {
        self.grades = grades
    }

    /// Parses qrels text; every malformed line is an error naming its number.
    public init(text: String, file: String) throws(RetrievalInputError) {
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let parts = raw.split(whereSeparator: \.isWhitespace).map(String.init)
            if parts.isEmpty || parts[0].hasPrefix("#") { continue }
            let location = "\(file):\(index + 1)"
            let (query, doc, gradeText): (String, String, String)
            switch parts.count {
            case 4: (query, doc, gradeText) = (parts[0], parts[2], parts[3])
            case 3: (query, doc, gradeText) = (parts[0], parts[1], parts[2])
            default: throw RetrievalInputError(location: location, reason: "expected `qid Q0 doc grade` or `qid doc grade`, found \(parts.count) fields")
            }
            guard let grade = Double(gradeText), grade.isFinite else {
                throw RetrievalInputError(location: location, reason: "grade '\(gradeText)' is not a number")
            }
            grades[query, default: [:]][doc] = grade
        }
    }

    /// Documents judged at least `minimum` for `query`.
    public func relevant(_ query: String, minimum: Double) -> Set<String> {
        Set((grades[query] ?? [:]).filter { $0.value >= minimum }.keys)
    }
}

/// A malformed line of a queries or qrels file.
public struct RetrievalInputError: Error, Sendable, Equatable, CustomStringConvertible {
    public var location: String
    public var reason: String
    public var description: String { "\(location): \(reason)" }

    public init(location: String, reason: String) {
        self.location = location
        self.reason = reason
    }
}

/// An evaluation query, from a JSON Lines file of `{"id", "text"}`.
public struct EvalQuery: Sendable, Equatable {
    public var id: String
    public var text: String

    public init(id: String, text: String) {
        self.id = id
        self.text = text
    }

    public static func parse(lines text: String, file: String) throws(RetrievalInputError) -> [EvalQuery] {
        var queries: [EvalQuery] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            let location = "\(file):\(index + 1)"
            guard let data = line.data(using: .utf8), let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw RetrievalInputError(location: location, reason: "expected a JSON object {\"id\", \"text\"}")
            }
            let id = (object["id"] as? String) ?? (object["id"] as? NSNumber)?.stringValue
            guard let id, !id.isEmpty else { throw RetrievalInputError(location: location, reason: "\"id\" must be a non-empty string") }
            guard let query = object["text"] as? String, !query.isEmpty else { throw RetrievalInputError(location: location, reason: "\"text\" must be a non-empty string") }
            queries.append(EvalQuery(id: id, text: query))
        }
        return queries
    }
}
