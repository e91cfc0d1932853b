import Foundation
import KaizenEncoder

/// Turns texts into unit-length vectors. MiniLM in production; tests may use a small
/// deterministic one.
public protocol TextEncoder: Sendable {
    /// Names the embedding space; embeddings are stored per name.
    var name: String { get }
    var dimension: Int { get }
    func encode(_ texts: [String]) -> [[Float]]
}

extension MiniLMEncoder: TextEncoder {
    public var name: String { "all-MiniLM-L6-v2" }
    public func encode(_ texts: [String]) -> [[Float]] { encode(texts, batchSize: 32) }
}

/// Where the encoder's files are: `KAIZEN_ENCODER_MODEL`, else the folder
/// `scripts/encoder-model.sh` installs into.
public enum EncoderLocation {
    public static func folder(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let path = environment["KAIZEN_ENCODER_MODEL"], !path.isEmpty { return URL(fileURLWithPath: path) }
        let cache = environment["XDG_CACHE_HOME"].map { URL(fileURLWithPath: $0) }
            ?? URL(fileURLWithPath: environment["HOME"] ?? NSHomeDirectory()).appending(path: ".cache")
        return cache.appending(path: "kaizen/minilm/all-MiniLM-L6-v2")
    }
}
