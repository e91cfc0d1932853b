import Foundation
import KaizenCore
import KaizenSearchSpace

/// The shipped search space and production config, read from the repository.
enum Fixtures {
    static let policies = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appending(path: "Policies")

    static let space = try! SearchSpace.load(contentsOf: policies.appending(path: "search-space.yaml"))
    static let production = try! JSONValue.parse(String(contentsOf: policies.appending(path: "production.json"), encoding: .utf8))

    static func json(_ text: String) -> JSONValue { try! JSONValue.parse(text) }
}
