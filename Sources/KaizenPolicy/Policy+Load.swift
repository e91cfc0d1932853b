import Foundation
import KaizenYAML

extension Policy {
    /// Loads the five policy files from a directory (a workspace's `Policies/`).
    ///
    /// Every file is required, every key validated, and all problems in all files are
    /// thrown together as `PolicyErrors`: the loop never starts on a half-read policy.
    public static func load(directory: URL) throws -> Policy {
        var errors: [ConfigError] = []
        var roots: [String: YAMLNode] = [:]
        for name in fileNames {
            let url = directory.appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: url.path) else {
                errors.append(ConfigError(file: url.relativePath, line: nil, column: nil, key: nil,
                                          message: "missing policy file"))
                continue
            }
            do {
                roots[name] = try YAMLNode.load(contentsOf: url)
            } catch let error as ConfigError {
                errors.append(error)
            }
        }
        return try build(roots: roots, errors: errors)
    }

    /// Loads a policy from file name (`budgets.yaml`, ...) to text: the embedded defaults
    /// and tests. Errors name the files by these names. Other names are ignored.
    public static func load(files: [String: String]) throws -> Policy {
        var errors: [ConfigError] = []
        var roots: [String: YAMLNode] = [:]
        for name in fileNames {
            guard let text = files[name] else {
                errors.append(ConfigError(file: name, line: nil, column: nil, key: nil, message: "missing policy file"))
                continue
            }
            do {
                roots[name] = try YAMLNode.parse(text, file: name)
            } catch let error as ConfigError {
                errors.append(error)
            }
        }
        return try build(roots: roots, errors: errors)
    }

    private static func build(roots: [String: YAMLNode], errors: [ConfigError]) throws -> Policy {
        var issues = PolicyIssues()
        errors.forEach { issues.report($0) }
        let budgets = roots["budgets.yaml"].flatMap { Budgets.read($0, &issues) }
        let approval = roots["approval.yaml"].flatMap { Approval.read($0, &issues) }
        let guardrails = roots["guardrails.yaml"].flatMap { Guardrails.read($0, &issues) }
        let launch = roots["launch.yaml"].flatMap { Launch.read($0, &issues) }
        let dedup = roots["dedup.yaml"].flatMap { Dedup.read($0, &issues) }
        guard issues.errors.isEmpty, let budgets, let approval, let guardrails, let launch, let dedup else {
            throw PolicyErrors(errors: ordered(issues.errors))
        }
        return Policy(budgets: budgets, approval: approval, guardrails: guardrails, launch: launch, dedup: dedup)
    }

    /// By file (in `fileNames` order), then line and column; ties keep reading order.
    private static func ordered(_ errors: [ConfigError]) -> [ConfigError] {
        func rank(_ file: String) -> Int {
            fileNames.firstIndex { file == $0 || file.hasSuffix("/" + $0) } ?? fileNames.count
        }
        return errors.enumerated().sorted { a, b in
            let left = (rank(a.element.file), a.element.line ?? 0, a.element.column ?? 0, a.offset)
            let right = (rank(b.element.file), b.element.line ?? 0, b.element.column ?? 0, b.offset)
            return left < right
        }.map(\.element)
    }
}
