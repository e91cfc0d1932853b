import Testing
import KaizenYAML

/// Scalar accessors: the YAML 1.2 core schema, ranges, and messages that say what was
/// expected and what was found, at the value's own line and column.
struct YAMLNodeScalarTests {
    @Test func stringAcceptsAnyNonNullScalar() throws {
        #expect(try value("s", in: "s: hello world\n").string() == "hello world")
        #expect(try value("s", in: "s: \"quoted: yes\"\n").string() == "quoted: yes")
        #expect(try value("s", in: "s: 2024\n").string() == "2024")
        #expect(try value("s", in: "s: ''\n").string() == "")
        #expect(try value("s", in: "s: |\n  line one\n  line two\n").string() == "line one\nline two\n")
    }

    @Test func stringRejectsCollectionsAndNull() {
        #expect(throws: ConfigError(file: "t.yaml", line: 2, column: 3, key: "s", message: "expected a string, found a mapping")) {
            try value("s", in: "s:\n  a: 1\n").string()
        }
        #expect(throws: ConfigError(file: "t.yaml", line: 1, column: 4, key: "s", message: "expected a string, found a sequence")) {
            try value("s", in: "s: [1, 2]\n").string()
        }
        #expect(throws: ConfigError(file: "t.yaml", line: 1, column: 3, key: "s", message: "expected a string, found null")) {
            try value("s", in: "s:\n").string()
        }
    }

    @Test func intReadsCoreSchemaForms() throws {
        #expect(try value("n", in: "n: 42\n").int() == 42)
        #expect(try value("n", in: "n: -7\n").int() == -7)
        #expect(try value("n", in: "n: +7\n").int() == 7)
        #expect(try value("n", in: "n: 0x1F\n").int() == 31)
        #expect(try value("n", in: "n: 0o17\n").int() == 15)
        #expect(try value("n", in: "n: 1e6\n").int() == 1_000_000)
        #expect(try value("n", in: "n: 3.0\n").int(in: 1...5) == 3)
    }

    @Test func intRejectsWrongTypesAndRanges() {
        #expect(throws: ConfigError(file: "t.yaml", line: 1, column: 4, key: "n", message: "expected an integer, found 'many'")) {
            try value("n", in: "n: many\n").int()
        }
        #expect(throws: ConfigError(file: "t.yaml", line: 1, column: 4, key: "n", message: "expected an integer, found '2.5'")) {
            try value("n", in: "n: 2.5\n").int()
        }
        #expect(throws: ConfigError(file: "t.yaml", line: 1, column: 4, key: "n",
                                    message: "expected an integer, found the quoted string '5' (remove the quotes)")) {
            try value("n", in: "n: \"5\"\n").int()
        }
        #expect(throws: ConfigError(file: "t.yaml", line: 1, column: 4, key: "n",
                                    message: "expected an integer between 1 and 10, found '12'")) {
            try value("n", in: "n: 12\n").int(in: 1...10)
        }
        #expect(throws: ConfigError(file: "t.yaml", line: 1, column: 4, key: "n", message: "expected an integer >= 0, found '-1'")) {
            try value("n", in: "n: -1\n").int(in: 0...Int.max)
        }
        #expect(throws: ConfigError(file: "t.yaml", line: 1, column: 4, key: "n",
                                    message: "expected an integer, found '99999999999999999999', which is too large")) {
            try value("n", in: "n: 99999999999999999999\n").int()
        }
        #expect(throws: ConfigError(file: "t.yaml", line: 1, column: 3, key: "n", message: "expected an integer, found null")) {
            try value("n", in: "n:\n").int()
        }
    }

    @Test func doubleReadsNumbers() throws {
        #expect(try value("x", in: "x: 0.25\n").double() == 0.25)
        #expect(try value("x", in: "x: 3\n").double() == 3)
        #expect(try value("x", in: "x: -.5e-2\n").double() == -0.005)
        #expect(try value("x", in: "x: 1.\n").double(in: 0...1) == 1)
    }

    @Test func doubleRejectsNonFiniteWrongTypesAndRanges() {
        #expect(throws: ConfigError(file: "t.yaml", line: 1, column: 4, key: "x", message: "expected a finite number, found '.nan'")) {
            try value("x", in: "x: .nan\n").double()
        }
        #expect(throws: ConfigError(file: "t.yaml", line: 1, column: 4, key: "x", message: "expected a finite number, found '-.inf'")) {
            try value("x", in: "x: -.inf\n").double()
        }
        #expect(throws: ConfigError(file: "t.yaml", line: 1, column: 4, key: "x", message: "expected a number, found 'ten'")) {
            try value("x", in: "x: ten\n").double()
        }
        #expect(throws: ConfigError(file: "t.yaml", line: 1, column: 4, key: "x",
                                    message: "expected a number between 0 and 0.5, found '0.7'")) {
            try value("x", in: "x: 0.7\n").double(in: 0...0.5)
        }
        #expect(throws: ConfigError(file: "t.yaml", line: 1, column: 4, key: "x", message: "expected a number >= 0, found '-2'")) {
            try value("x", in: "x: -2\n").double(in: 0...Double.greatestFiniteMagnitude)
        }
    }

    @Test func boolIsTrueOrFalseOnly() throws {
        #expect(try value("b", in: "b: true\n").bool())
        #expect(try !value("b", in: "b: False\n").bool())
        #expect(throws: ConfigError(file: "t.yaml", line: 1, column: 4, key: "b",
                                    message: "expected a boolean (true or false), found 'yes'; YAML 1.2 booleans are only true and false")) {
            try value("b", in: "b: yes\n").bool()
        }
        #expect(throws: ConfigError(file: "t.yaml", line: 1, column: 4, key: "b",
                                    message: "expected a boolean (true or false), found 'maybe'")) {
            try value("b", in: "b: maybe\n").bool()
        }
        #expect(throws: ConfigError(file: "t.yaml", line: 1, column: 4, key: "b",
                                    message: "expected a boolean (true or false), found the quoted string 'true' (remove the quotes)")) {
            try value("b", in: "b: 'true'\n").bool()
        }
    }

    @Test func oneOfListsAllowedValuesAndSuggests() throws {
        #expect(try value("t", in: "t: welch\n").oneOf(["sequential", "welch"]) == "welch")
        #expect(throws: ConfigError(file: "t.yaml", line: 1, column: 4, key: "t",
                                    message: "expected one of sequential, welch; found 'welsh' (did you mean 'welch'?)")) {
            try value("t", in: "t: welsh\n").oneOf(["sequential", "welch"])
        }
        #expect(throws: ConfigError(file: "t.yaml", line: 1, column: 4, key: "t",
                                    message: "expected one of sequential, welch; found 'bayes'")) {
            try value("t", in: "t: bayes\n").oneOf(["sequential", "welch"])
        }
        #expect(throws: ConfigError(file: "t.yaml", line: 1, column: 4, key: "t",
                                    message: "expected one of sequential, welch; found a sequence")) {
            try value("t", in: "t: [welch]\n").oneOf(["sequential", "welch"])
        }
    }

    @Test func nullIsDetected() throws {
        #expect(try value("a", in: "a:\n").isNull)
        #expect(try value("a", in: "a: ~\n").isNull)
        #expect(try value("a", in: "a: null\n").isNull)
        #expect(try !value("a", in: "a: 'null'\n").isNull)
        #expect(try !value("a", in: "a: 0\n").isNull)
    }

    @Test func errorHelperLocatesAtNode() throws {
        let node = try value("limit", in: "# c\nlimit: 5\n", file: "x.yaml")
        #expect(node.error("must be even") == ConfigError(file: "x.yaml", line: 2, column: 8, key: "limit", message: "must be even"))
        let root = try YAMLNode.parse("a: 1\n", file: "x.yaml")
        #expect(root.error("bad root") == ConfigError(file: "x.yaml", line: 1, column: 1, key: nil, message: "bad root"))
    }
}
