/// Pulls one Python source file out of a model's reply. Replies come fenced (```python),
/// bare, or with prose before and after; the study kept only the code.
public enum CodeExtractor {
    /// The fenced block that defines `class Net` (else the first fenced block); without fences,
    /// the lines from the first Python statement to the last line that still reads as code.
    public static func extract(_ reply: String) -> String? {
        let lines = reply.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let blocks = fencedBlocks(lines)
        if !blocks.isEmpty {
            let chosen = blocks.first { CodeChecks.hasNetClass($0) } ?? blocks[0]
            return chosen.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : chosen
        }
        return bareCode(lines)
    }

    static func fencedBlocks(_ lines: [String]) -> [String] {
        var blocks: [String] = []
        var current: [String]?
        for line in lines {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("```") {
                if let body = current {
                    blocks.append(body.joined(separator: "\n") + "\n")
                    current = nil
                } else {
                    current = []
                }
            } else {
                current?.append(line)
            }
        }
        // An unclosed fence (a reply cut at its token limit) still holds code.
        if let body = current, !body.isEmpty { blocks.append(body.joined(separator: "\n") + "\n") }
        return blocks
    }

    static let statementStarts = ["import ", "from ", "class ", "def ", "@", "#", "if __name__", "try:", "except", "with ", "for ", "while ", "return", "raise", "assert", "else:", "elif "]

    /// Whether an unindented line reads as a top-level Python statement rather than prose.
    static func isTopLevelCode(_ line: String) -> Bool {
        if statementStarts.contains(where: line.hasPrefix) { return true }
        // An assignment such as `NUM_CLASSES = 10` or `net: Net = ...`.
        let head = line.prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." || $0 == "[" || $0 == "]" || $0 == "\"" || $0 == "'" }
        let rest = line.dropFirst(head.count).trimmingCharacters(in: .whitespaces)
        return !head.isEmpty && (rest.hasPrefix("=") && !rest.hasPrefix("==") || rest.hasPrefix(":") || rest.hasPrefix("(") || rest.hasPrefix("+="))
    }

    static func bareCode(_ lines: [String]) -> String? {
        guard let start = lines.firstIndex(where: { $0.hasPrefix("import ") || $0.hasPrefix("from ") || $0.hasPrefix("class ") }) else { return nil }
        var end = start
        for index in lines.indices.dropFirst(start + 1) {
            let line = lines[index]
            if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            let indented = line.first == " " || line.first == "\t"
            if indented || isTopLevelCode(line) || line.hasPrefix(")") || line.hasPrefix("]") {
                end = index
            } else {
                break
            }
        }
        return lines[start...end].joined(separator: "\n") + "\n"
    }
}
