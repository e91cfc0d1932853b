import Foundation
import KaizenEncoder

/// The real all-MiniLM-L6-v2 folder for the parity tests (`KAIZEN_ENCODER_MODEL`, the folder
/// `scripts/encoder-model.sh` prints). Without it those suites are skipped, unless
/// `KAIZEN_REQUIRE_ENCODER=1`, when they fail.
enum EncoderModel {
    static var isConfigured: Bool {
        let environment = ProcessInfo.processInfo.environment
        return environment["KAIZEN_ENCODER_MODEL"] != nil || environment["KAIZEN_REQUIRE_ENCODER"] == "1"
    }

    struct Unavailable: Error, CustomStringConvertible {
        let description: String
    }

    /// Loaded once for all tests: the weights are 90 MB.
    static let shared: Result<MiniLMEncoder, any Error> = Result {
        guard let path = ProcessInfo.processInfo.environment["KAIZEN_ENCODER_MODEL"], !path.isEmpty else {
            throw Unavailable(description: """
                KAIZEN_REQUIRE_ENCODER=1 but KAIZEN_ENCODER_MODEL is not set: run \
                `export KAIZEN_ENCODER_MODEL=$(scripts/encoder-model.sh)` to check KaizenEncoder against sentence-transformers
                """)
        }
        return try MiniLMEncoder(modelFolder: URL(fileURLWithPath: path, isDirectory: true))
    }

    static func encoder() throws -> MiniLMEncoder { try shared.get() }
}
