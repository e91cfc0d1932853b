import Crypto
import Foundation
import KaizenStore

/// The review tokens a server accepts, kept as SHA-256 hashes only.
///
/// Tokens come from `kaizen.yaml` (`review.tokens`, as hashes or the name of an environment
/// variable) and from `KAIZEN_REVIEW_TOKENS` (`name:role:token` entries, comma-separated).
public struct ReviewTokens: Sendable {
    public struct Entry: Sendable, Hashable {
        public var reviewer: Reviewer
        public var sha256: String
        /// `config`, `env` or `local`.
        public var source: String

        public init(reviewer: Reviewer, sha256: String, source: String) {
            self.reviewer = reviewer
            self.sha256 = sha256
            self.source = source
        }
    }

    /// Shorter tokens are refused: a review token guards production.
    public static let minimumLength = 16

    public private(set) var entries: [Entry]
    private var byHash: [String: Reviewer]

    public init(_ entries: [Entry]) {
        self.entries = entries
        byHash = Dictionary(entries.map { ($0.sha256, $0.reviewer) }, uniquingKeysWith: { first, _ in first })
    }

    public var isEmpty: Bool { entries.isEmpty }

    /// The reviewer a presented token belongs to, or nil.
    public func reviewer(for token: String) -> Reviewer? {
        byHash[Self.hash(token)]
    }

    /// Lower-case hex SHA-256 of the token's UTF-8 bytes.
    public static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// A fresh random token (256 bits, URL-safe) for `kaizen serve` without configured tokens.
    public static func random() -> String {
        let key = SymmetricKey(size: .bits256)
        let bytes = key.withUnsafeBytes { Data($0) }
        return bytes.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Parses `name:role:token[,name:role:token...]`. Errors name the entry by position and
    /// never echo a token.
    public static func parse(list: String, source: String) throws(ReviewError) -> [Entry] {
        var entries: [Entry] = []
        for (index, raw) in list.split(separator: ",", omittingEmptySubsequences: false).enumerated() {
            let item = raw.trimmingCharacters(in: .whitespaces)
            if item.isEmpty { continue }
            let parts = item.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
            let field = "\(source) entry \(index + 1)"
            guard parts.count == 3 else { throw .invalid(field: field, message: "expected name:role:token") }
            let reviewer = try reviewer(name: parts[0], role: parts[1], field: field)
            guard parts[2].count >= minimumLength else {
                throw .invalid(field: field, message: "the token of \(reviewer.name) is shorter than \(minimumLength) characters")
            }
            entries.append(Entry(reviewer: reviewer, sha256: hash(parts[2]), source: source))
        }
        return entries
    }

    /// A validated reviewer: a name of letters, digits and `._@-`, and a known role.
    public static func reviewer(name: String, role: String, field: String) throws(ReviewError) -> Reviewer {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "._@-"))
        guard !name.isEmpty, name.count <= 64, name.unicodeScalars.allSatisfy(allowed.contains) else {
            throw .invalid(field: field, message: "a reviewer name is 1-64 letters, digits, '.', '_', '@' or '-'")
        }
        guard let parsed = Reviewer.Role(rawValue: role) else {
            throw .invalid(field: field, message: "role must be viewer or approver, found '\(role)'")
        }
        return Reviewer(name: name, role: parsed)
    }

    /// The rows the store keeps.
    public var records: [ReviewTokenRecord] {
        entries.map { ReviewTokenRecord(sha256: $0.sha256, name: $0.reviewer.name, role: $0.reviewer.role.rawValue, source: $0.source) }
    }
}
