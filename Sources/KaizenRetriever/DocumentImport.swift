import Foundation
import KaizenCore
import KaizenStore

/// Documents for `kaizen docs import`: a folder of `.md`/`.txt` files, or a JSON Lines file
/// of `{"id", "title", "text"}`. Invalid files and lines are reported with where and why;
/// the valid ones are imported.
public struct DocumentImport: Sendable {
    /// One refused file or line: `location` is `path` or `path:line`.
    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        public var location: String
        public var reason: String
        public var description: String { "\(location): \(reason)" }

        public init(location: String, reason: String) {
            self.location = location
            self.reason = reason
        }
    }

    public static let source = "import"

    public var documents: [Document] = []
    public var problems: [Problem] = []

    /// Reads `url`: a folder is walked for `.md` and `.txt` files (ids are their paths
    /// relative to it, without the extension); anything else is read as JSON Lines.
    public init(url: URL) throws {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: url.path])
        }
        if isFolder.boolValue { try readFolder(url) } else { readLines(try String(contentsOf: url, encoding: .utf8), file: url.lastPathComponent) }
    }

    private mutating func readFolder(_ folder: URL) throws {
        let base = folder.standardizedFileURL.path
        let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey])
        var files: [URL] = []
        while let file = walker?.nextObject() as? URL {
            if ["md", "txt"].contains(file.pathExtension.lowercased()) { files.append(file.standardizedFileURL) }
        }
        for file in files.sorted(by: { $0.path < $1.path }) {
            let relative = String(file.path.dropFirst(base.count)).trimmingCharacters(in: CharacterSet(charactersIn: "/"))
            guard let text = try? String(contentsOf: file, encoding: .utf8) else {
                problems.append(Problem(location: relative, reason: "not UTF-8 text"))
                continue
            }
            guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                problems.append(Problem(location: relative, reason: "empty"))
                continue
            }
            let id = (relative as NSString).deletingPathExtension
            documents.append(Document(id: id, title: KnowledgeBase.title(of: text) ?? file.deletingPathExtension().lastPathComponent, text: text, source: Self.source))
        }
    }

    private mutating func readLines(_ text: String, file: String) {
        var seen = Set<String>()
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty { continue }
            let location = "\(file):\(index + 1)"
            let value: JSONValue
            do { value = try JSONValue.parse(trimmed) } catch {
                problems.append(Problem(location: location, reason: error.description))
                continue
            }
            guard let id = value["id"]?.stringValue, !id.isEmpty else {
                problems.append(Problem(location: location, reason: "\"id\" must be a non-empty string"))
                continue
            }
            guard let body = value["text"]?.stringValue, !body.isEmpty else {
                problems.append(Problem(location: location, reason: "\"text\" must be a non-empty string"))
                continue
            }
            if let title = value["title"], title.stringValue == nil {
                problems.append(Problem(location: location, reason: "\"title\" must be a string"))
                continue
            }
            guard seen.insert(id).inserted else {
                problems.append(Problem(location: location, reason: "id \(id) appears twice in the file"))
                continue
            }
            documents.append(Document(id: id, title: value["title"]?.stringValue ?? id, text: body, source: Self.source))
        }
    }
}
