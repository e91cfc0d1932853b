import Foundation

/// The Cranfield collection read straight from its SMART files (`cran.all.1400`, `cran.qry`),
/// as Benchmarks/cranfield/prepare.py reads them: a document's text is its `.W` field, or
/// its title when that is empty (documents with neither are skipped); lines are joined by
/// spaces. `--cranfield DIR`, else `../shared/data/cranfield` beside the repository.
struct CranfieldData {
    struct Doc {
        var id: String
        var title: String
        var text: String
    }

    var documents: [Doc]
    /// The query texts in file order (position n is query n in cranqrel).
    var queries: [String]

    static var defaultFolder: URL {
        URL(fileURLWithPath: Repository.option("cranfield", Repository.root.appending(path: "../shared/data/cranfield").standardizedFileURL.path))
    }

    static func load(folder: URL = defaultFolder) throws -> CranfieldData {
        var documents: [Doc] = []
        for (id, fields) in try records(folder.appending(path: "cran.all.1400")) {
            let text = fields["W"].flatMap { $0.isEmpty ? nil : $0 } ?? fields["T"] ?? ""
            if !text.isEmpty { documents.append(Doc(id: String(Int(id) ?? 0), title: fields["T"] ?? "", text: text)) }
        }
        let queries = try records(folder.appending(path: "cran.qry")).map { $0.1["W"] ?? "" }
        return CranfieldData(documents: documents, queries: queries)
    }

    /// (id, field letter → text) for each `.I` record of a SMART file.
    static func records(_ url: URL) throws -> [(String, [Character: String])] {
        var out: [(String, [Character: String])] = []
        var fields: [Character: String] = [:]
        var field: Character?
        var lines: [Substring] = []
        var id: String?
        func endField() {
            if let field { fields[field] = lines.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ").trimmingCharacters(in: .whitespaces) }
            lines = []
        }
        func endRecord() {
            endField()
            field = nil
            if let id { out.append((id, fields)) }
            fields = [:]
        }
        let data = try Data(contentsOf: url)
        for line in String(decoding: data, as: UTF8.self).split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            if line.hasPrefix(".I ") {
                endRecord()
                id = line.dropFirst(3).trimmingCharacters(in: .whitespaces)
            } else if line.count >= 2, line.first == ".", let key = line.dropFirst().first, "TABW".contains(key),
                      line.dropFirst(2).allSatisfy(\.isWhitespace) {
                endField()
                field = key
            } else {
                lines.append(line)
            }
        }
        endRecord()
        return out
    }
}

/// Process figures from /proc (Linux); nil elsewhere.
enum ProcessStats {
    /// Resident set size in MiB (VmRSS).
    static func residentMiB() -> Double? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            let kib = line.split(separator: " ").dropFirst().first.flatMap { Double($0) }
            return kib.map { $0 / 1024 }
        }
        return nil
    }

    static func rss() -> String { residentMiB().map { Bench.fmt($0, 0) + " MiB" } ?? "n/a" }

    /// The 1-minute load average: how busy the shared machine was.
    static func load() -> String {
        (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)).map { String($0.split(separator: " ").prefix(3).joined(separator: " ")) } ?? "n/a"
    }

    /// User + system CPU seconds of this process so far.
    static func cpuSeconds() -> Double {
        var usage = rusage()
        #if os(Linux)
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        #else
        getrusage(RUSAGE_SELF, &usage)
        #endif
        return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6 + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
    }
}
