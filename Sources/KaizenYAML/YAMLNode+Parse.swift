import Foundation
import Yams

extension YAMLNode {
    /// Parses one YAML document into located nodes.
    ///
    /// Syntax errors become `ConfigError`s carrying the parser's line and column; an empty
    /// document is an empty mapping (an empty config file means "all defaults"); a second
    /// document is an error, because silently ignoring it would drop settings.
    public static func parse(_ text: String, file: String) throws -> YAMLNode {
        let root: Node?
        do {
            // The basic resolver leaves plain scalars untyped: YAMLScalar applies the 1.2 core schema.
            let parser = try Parser(yaml: text, resolver: .basic, constructor: .default, encoding: .utf8)
            root = try parser.singleRoot()
        } catch let error as YamlError {
            throw ConfigError(yamsError: error, file: file, text: text)
        } catch {
            throw ConfigError(file: file, line: nil, column: nil, key: nil, message: "cannot parse: \(error)")
        }
        guard let root, !isNullScalar(root) else {
            return YAMLNode(file: file, path: "", line: 1, column: 1, content: .mapping([]))
        }
        var builder = YAMLTreeBuilder(file: file)
        return try builder.build(root, path: "")
    }

    /// Reads and parses a file; a file that cannot be read is reported like any other
    /// config error, so callers handle one error type.
    public static func load(contentsOf url: URL) throws -> YAMLNode {
        let file = url.isFileURL ? url.relativePath : url.absoluteString
        func unreadable(_ reason: String) -> ConfigError {
            ConfigError(file: file, line: nil, column: nil, key: nil, message: "cannot read: \(reason)")
        }
        var isDirectory: ObjCBool = false
        if url.isFileURL {
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
                throw unreadable("no such file")
            }
            if isDirectory.boolValue { throw unreadable("is a directory") }
        }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw unreadable(error.localizedDescription)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw unreadable("not valid UTF-8")
        }
        return try parse(text, file: file)
    }

    private static func isNullScalar(_ node: Node) -> Bool {
        guard case .scalar(let scalar) = node, scalar.style == .plain || scalar.style == .any else { return false }
        return YAMLScalar.resolve(plain: scalar.string) == .null
    }
}
