import Foundation
import Testing
import KaizenYAML

/// Parsing: structure and locations of good documents, and located errors for bad ones.
struct YAMLNodeParseTests {
    @Test func locatesNodesWithOneBasedLinesAndColumns() throws {
        let root = try YAMLNode.parse("# header\nllm:\n  model: local\n  timeouts:\n    total: 30\n", file: "k.yaml")
        #expect(root.path == "")
        #expect(root.file == "k.yaml")
        #expect((root.line, root.column) == (2, 1))
        let llm = try root.mapping(allowed: ["llm"]).required("llm")
        #expect(llm.path == "llm")
        #expect((llm.line, llm.column) == (3, 3))
        let total = try llm.mapping(allowed: ["model", "timeouts"]).required("timeouts")
            .mapping(allowed: ["total"]).required("total")
        #expect(total.path == "llm.timeouts.total")
        #expect((total.line, total.column) == (5, 12))
        #expect(try total.int() == 30)
    }

    @Test func emptyDocumentIsEmptyMapping() throws {
        for text in ["", "# only a comment\n", "---\n", "~\n"] {
            let root = try YAMLNode.parse(text, file: "e.yaml")
            let mapping = try root.mapping(allowed: [])
            #expect(mapping.keys.isEmpty)
            #expect(!root.isNull)
        }
    }

    @Test func syntaxErrorCarriesParserLocation() {
        #expect(throws: ConfigError(file: "k.yaml", line: 2, column: 2, key: nil,
                                    message: "syntax error: did not find expected ',' or ']' (while parsing a flow sequence at line 1, column 4)")) {
            try YAMLNode.parse("a: [1, 2\nb: 3\n", file: "k.yaml")
        }
        #expect(throws: ConfigError(file: "k.yaml", line: 1, column: 5, key: nil,
                                    message: "syntax error: mapping values are not allowed in this context")) {
            try YAMLNode.parse("a: b: c\n", file: "k.yaml")
        }
        #expect(throws: ConfigError(file: "k.yaml", line: 2, column: 1, key: nil,
                                    message: "syntax error: found unexpected end of stream (while scanning a quoted scalar at line 1, column 4)")) {
            try YAMLNode.parse("a: 'unterminated\n", file: "k.yaml")
        }
    }

    @Test func tabIndentationIsExplained() {
        let message = "syntax error: tab character in indentation (YAML indents with spaces only)"
        #expect(throws: ConfigError(file: "t.yaml", line: 2, column: 1, key: nil, message: message)) {
            try YAMLNode.parse("a:\n\tb: 1\n", file: "t.yaml")
        }
        #expect(throws: ConfigError(file: "t.yaml", line: 3, column: 1, key: nil, message: message)) {
            try YAMLNode.parse("a: 1\nb: 2\n\tc: 3\n", file: "t.yaml")
        }
    }

    @Test func multipleDocumentsAreAnError() {
        #expect(throws: ConfigError(file: "m.yaml", line: 2, column: 1, key: nil,
                                    message: "expected a single YAML document, found another document")) {
            try YAMLNode.parse("a: 1\n---\nb: 2\n", file: "m.yaml")
        }
    }

    @Test func undefinedAliasIsAnError() {
        #expect(throws: ConfigError(file: "u.yaml", line: 1, column: 4, key: nil, message: "undefined alias")) {
            try YAMLNode.parse("a: *nope\n", file: "u.yaml")
        }
    }

    @Test func controlCharacterIsLocated() {
        #expect(throws: ConfigError(file: "c.yaml", line: 2, column: 4, key: nil,
                                    message: "cannot decode: control characters are not allowed")) {
            try YAMLNode.parse("a: 1\nb: \u{1}\n", file: "c.yaml")
        }
    }

    @Test func duplicateKeyIsReportedAtTheSecondOne() {
        #expect(throws: ConfigError(file: "d.yaml", line: 3, column: 1, key: "a",
                                    message: "duplicate key 'a' (first defined at line 1)")) {
            try YAMLNode.parse("a: 1\nb: 2\na: 3\n", file: "d.yaml")
        }
    }

    @Test func duplicateKeyInNestedSequenceHasFullPath() {
        let text = """
            rules:
              - name: a
              - name: b
                when: {}
                name: c
            """
        #expect(throws: ConfigError(file: "d.yaml", line: 5, column: 5, key: "rules[1].name",
                                    message: "duplicate key 'name' (first defined at line 3)")) {
            try YAMLNode.parse(text, file: "d.yaml")
        }
    }

    @Test func duplicateKeyInFlowMappingAndThirdOccurrence() {
        #expect(throws: ConfigError(file: "d.yaml", line: 1, column: 17, key: "x.a",
                                    message: "duplicate key 'a' (first defined at line 1)")) {
            try YAMLNode.parse("x: {a: 1, b: 2, a: 3}\n", file: "d.yaml")
        }
        #expect(throws: ConfigError(file: "d.yaml", line: 2, column: 1, key: "k",
                                    message: "duplicate key 'k' (first defined at line 1)")) {
            try YAMLNode.parse("k: 1\nk: 2\nk: 3\n", file: "d.yaml")
        }
        // A quoted key is the same key as a plain one.
        #expect(throws: ConfigError(file: "d.yaml", line: 2, column: 3, key: "top.k",
                                    message: "duplicate key 'k' (first defined at line 1)")) {
            try YAMLNode.parse("top: {k: 1,\n  \"k\": 2}\n", file: "d.yaml")
        }
    }

    @Test func aliasesAreExpanded() throws {
        let root = try YAMLNode.parse("base: &b {x: 1}\nother: *b\n", file: "a.yaml")
        let other = try root.mapping(allowed: ["base", "other"]).required("other")
        #expect(other.path == "other")
        #expect(try other.mapping(allowed: ["x"]).required("x").int() == 1)
    }

    @Test func aliasBombIsStopped() throws {
        var text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...8 {
            let previous = "*a\(level - 1)"
            text += "a\(level): &a\(level) [\(Array(repeating: previous, count: 10).joined(separator: ", "))]\n"
        }
        let error = try #require(throws: ConfigError.self) { try YAMLNode.parse(text, file: "bomb.yaml") }
        #expect(error.message == "document too large (more than 100000 nodes after expanding aliases)")
    }

    @Test func loadsFromFileWithPathAsGiven() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kaizen-yaml-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("c.yaml")
        try "n: many\n".write(to: url, atomically: true, encoding: .utf8)
        let root = try YAMLNode.load(contentsOf: url)
        #expect(root.file == url.path)
        #expect(throws: ConfigError(file: url.path, line: 1, column: 4, key: "n", message: "expected an integer, found 'many'")) {
            try root.mapping(allowed: ["n"]).required("n").int()
        }
    }

    @Test func unreadableFileIsAConfigError() throws {
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("kaizen-missing-\(UUID().uuidString).yaml")
        #expect(throws: ConfigError(file: missing.path, line: nil, column: nil, key: nil, message: "cannot read: no such file")) {
            try YAMLNode.load(contentsOf: missing)
        }
        #expect(throws: ConfigError(file: "/tmp", line: nil, column: nil, key: nil, message: "cannot read: is a directory")) {
            try YAMLNode.load(contentsOf: URL(fileURLWithPath: "/tmp", isDirectory: true))
        }
    }

    @Test func invalidUTF8IsUnreadable() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("kaizen-latin1-\(UUID().uuidString).yaml")
        try Data([0x61, 0x3A, 0x20, 0xE9, 0x0A]).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(throws: ConfigError(file: url.path, line: nil, column: nil, key: nil, message: "cannot read: not valid UTF-8")) {
            try YAMLNode.load(contentsOf: url)
        }
    }
}
