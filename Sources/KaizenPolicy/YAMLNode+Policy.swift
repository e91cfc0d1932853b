import Foundation
import KaizenYAML

extension YAMLNode {
    /// A string that is not empty: names and metric names are looked up later, and an
    /// empty one would never match anything.
    func nonEmptyString() throws -> String {
        let text = try string()
        guard !text.trimmingCharacters(in: .whitespaces).isEmpty else { throw error("expected a non-empty string") }
        return text
    }

    /// A relative fraction in [0, 1].
    func fraction() throws -> Double {
        try double(in: 0...1)
    }

    /// The value as written, for messages that compare two keys.
    var sourceText: String {
        (try? string()) ?? ""
    }
}
