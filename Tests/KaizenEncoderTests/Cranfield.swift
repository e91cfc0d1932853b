import Foundation

/// Cranfield abstracts (`cran.all.1400`: `.I id` then `.T` title, `.A`, `.B`, `.W` text
/// fields; CRLF line ends) for the throughput measurement: each document's `.W` text, or
/// its title when that is empty, lines joined by spaces, as Benchmarks/cranfield/prepare.py.
enum Cranfield {
    static let defaultPath = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("../shared/data/cranfield/cran.all.1400").standardizedFileURL.path

    static func documents(path: String, limit: Int) throws -> [String] {
        var documents: [String] = []
        var fields: [Character: String] = [:]
        var field: Character?
        var lines: [Substring] = []
        var inRecord = false
        func endField() {
            if let field { fields[field] = lines.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ").trimmingCharacters(in: .whitespaces) }
            lines = []
        }
        func endRecord() {
            endField()
            field = nil
            let text = fields["W"].flatMap { $0.isEmpty ? nil : $0 } ?? fields["T"] ?? ""
            if !text.isEmpty { documents.append(text) }
            fields = [:]
        }
        for line in try String(contentsOfFile: path, encoding: .utf8).split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            if line.hasPrefix(".I ") {
                if inRecord { endRecord() }
                inRecord = true
            } else if line.count >= 2, line.first == ".", let key = line.dropFirst().first, "TABW".contains(key),
                      line.dropFirst(2).allSatisfy(\.isWhitespace) {
                endField()
                field = key
            } else {
                lines.append(line)
            }
        }
        if inRecord { endRecord() }
        return Array(documents.prefix(limit))
    }
}
