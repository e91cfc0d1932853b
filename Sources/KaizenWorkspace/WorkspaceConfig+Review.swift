import KaizenYAML

extension WorkspaceConfig {
    /// `review:` — host, port, and `tokens`, each `{name, role, sha256 | token_env}`.
    static func parseReview(_ node: YAMLNode) throws -> Review {
        var review = Review()
        let m = try node.mapping(allowed: ["host", "port", "tokens"])
        if let v = try m.optional("host", { try $0.string() }) { review.host = v }
        if let v = try m.optional("port", { try $0.int(in: 0...65535) }) { review.port = v }
        if let tokens = m["tokens"], !tokens.isNull {
            for item in try tokens.array() {
                let t = try item.mapping(allowed: ["name", "role", "sha256", "token_env"])
                guard let name = try t.optional("name", { try $0.string() }) else { throw item.error("review.tokens: each entry needs a name") }
                let role = try t.optional("role", { try $0.oneOf(["viewer", "approver"]) }) ?? "viewer"
                let sha = try t.optional("sha256", { try $0.string() })
                let env = try t.optional("token_env", { try $0.string() })
                if let sha, sha.count != 64 || !sha.allSatisfy(\.isHexDigit) {
                    throw t["sha256"]!.error("expected the token's SHA-256 as 64 hex digits (`printf %s TOKEN | sha256sum`)")
                }
                if sha == nil, env == nil { throw item.error("review.tokens: \(name) needs sha256 (the token's hash) or token_env (a variable holding it)") }
                if sha != nil, env != nil { throw item.error("review.tokens: \(name) has both sha256 and token_env; keep one") }
                review.tokens.append(Review.Token(name: name, role: role, sha256: sha?.lowercased(), tokenEnv: env))
            }
        }
        return review
    }
}
