import Yams

/// Finds the *second* occurrence of a duplicated key.
///
/// Yams rejects duplicate keys while composing and only reports the first occurrence, but
/// the useful place to point at is the repeat (the line usually added last). We rename the
/// first occurrence with a private-use marker, parse again and look for the repeat next to
/// the marked key; other duplicates met along the way are renamed too.
enum DuplicateKeyLocator {
    private static let target: Unicode.Scalar = "\u{E000}"
    private static let other: Unicode.Scalar = "\u{E001}"

    static func locate(key: String, first: Mark, in text: String) -> (line: Int, column: Int, path: String)? {
        var scalars = Array(text.unicodeScalars)
        var isMarker = [Bool](repeating: false, count: scalars.count)
        func insert(_ marker: Unicode.Scalar, at mark: Mark) -> Bool {
            guard let offset = offset(ofLine: mark.line, column: mark.column, in: scalars) else { return false }
            scalars.insert(marker, at: offset)
            isMarker.insert(true, at: offset)
            return true
        }
        guard insert(target, at: first) else { return nil }
        for _ in 0..<64 {
            var modified = String.UnicodeScalarView()
            modified.append(contentsOf: scalars)
            do {
                let parser = try Parser(yaml: String(modified), resolver: .basic, constructor: .default, encoding: .utf8)
                guard let root = try parser.singleRoot(),
                      let found = search(root, key: key, path: "") else { return nil }
                // Report the column as it was before markers were inserted on that line.
                guard let offset = offset(ofLine: found.mark.line, column: found.mark.column, in: scalars) else { return nil }
                let lineStart = scalars[..<offset].lastIndex(where: isBreak).map { $0 + 1 } ?? 0
                let shift = isMarker[lineStart..<offset].filter { $0 }.count
                return (found.mark.line, found.mark.column - shift, found.path)
            } catch let YamlError.duplicatedKeysInMapping(_, context) {
                guard insert(other, at: context.mark) else { return nil }
            } catch {
                return nil
            }
        }
        return nil
    }

    /// The Unicode scalar at a 1-based line and column, for inspecting what the parser tripped on.
    static func scalar(atLine line: Int, column: Int, in text: String) -> Unicode.Scalar? {
        let scalars = Array(text.unicodeScalars)
        return offset(ofLine: line, column: column, in: scalars).flatMap { $0 < scalars.count ? scalars[$0] : nil }
    }

    private static func isBreak(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "\n" || scalar == "\r"
    }

    /// Offset of a libyaml mark in the scalars (line breaks: LF, CRLF, CR).
    private static func offset(ofLine line: Int, column: Int, in scalars: [Unicode.Scalar]) -> Int? {
        var currentLine = 1
        var index = 0
        while currentLine < line {
            guard index < scalars.count else { return nil }
            if scalars[index] == "\r" {
                if index + 1 < scalars.count, scalars[index + 1] == "\n" { index += 1 }
                currentLine += 1
            } else if scalars[index] == "\n" {
                currentLine += 1
            }
            index += 1
        }
        let offset = index + column - 1
        return offset <= scalars.count ? offset : nil
    }

    /// Depth-first search for the mapping holding the target marker; returns the repeat of
    /// `key` after it, with the key path our tree builder would give it.
    private static func search(_ node: Node, key: String, path: String) -> (mark: Mark, path: String)? {
        func clean(_ string: String) -> String {
            String(String.UnicodeScalarView(string.unicodeScalars.filter { $0 != target && $0 != other }))
        }
        switch node {
        case .mapping(let mapping):
            var sawTarget = false
            for (keyNode, _) in mapping {
                guard let name = keyNode.scalar?.string else { continue }
                if name.unicodeScalars.first == target {
                    sawTarget = true
                } else if sawTarget, clean(name) == key, let mark = keyNode.mark {
                    return (mark, path.isEmpty ? key : "\(path).\(key)")
                }
            }
            for (keyNode, value) in mapping {
                let name = clean(keyNode.scalar?.string ?? "")
                if let found = search(value, key: key, path: path.isEmpty ? name : "\(path).\(name)") {
                    return found
                }
            }
            return nil
        case .sequence(let sequence):
            for (index, item) in sequence.enumerated() {
                if let found = search(item, key: key, path: "\(path)[\(index)]") { return found }
            }
            return nil
        case .scalar, .alias:
            return nil
        }
    }
}
