/// The repository's `Prompts/`, `Policies/`, `Knowledge/` and `scripts/local-llm.sh` as they were at build time,
/// embedded by the EmbedDefaults build plugin.
public enum Defaults {
    /// Relative path (e.g. `Policies/budgets.yaml`) → file content.
    public static var files: [String: String] { EmbeddedDefaults.files }

    public static func file(_ path: String) -> String? { EmbeddedDefaults.files[path] }
}
