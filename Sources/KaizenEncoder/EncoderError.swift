import Foundation

/// Why a model folder could not be loaded. Every case names the file, so a user who points
/// the encoder at the wrong folder, or at a truncated download, sees which file to fix.
public enum EncoderError: Error, Equatable, CustomStringConvertible {
    /// The model folder itself does not exist or is not a folder.
    case missingModelFolder(path: String)
    /// A file the model needs is not in the folder.
    case missingFile(path: String)
    /// The file exists but could not be read.
    case unreadableFile(path: String, reason: String)
    /// The safetensors header (its 8-byte length or its JSON) is malformed.
    case badHeader(path: String, reason: String)
    /// The safetensors file has no tensor of this name.
    case missingTensor(path: String, name: String)
    /// A tensor's element type is one this reader does not convert to Float.
    case unsupportedDType(path: String, name: String, dtype: String)
    /// A tensor's shape is not the one the configuration implies.
    case badShape(path: String, name: String, expected: [Int], actual: [Int])
    /// A JSON configuration file (config.json, tokenizer.json, ...) is malformed or asks for
    /// something this implementation does not do.
    case badConfiguration(path: String, reason: String)

    public var description: String {
        switch self {
        case .missingModelFolder(let path): "model folder \(path) does not exist (run scripts/encoder-model.sh)"
        case .missingFile(let path): "missing model file \(path)"
        case .unreadableFile(let path, let reason): "cannot read \(path): \(reason)"
        case .badHeader(let path, let reason): "\(path): bad safetensors header: \(reason)"
        case .missingTensor(let path, let name): "\(path): no tensor named \(name)"
        case .unsupportedDType(let path, let name, let dtype): "\(path): tensor \(name) has unsupported dtype \(dtype)"
        case .badShape(let path, let name, let expected, let actual):
            "\(path): tensor \(name) has shape \(actual), expected \(expected)"
        case .badConfiguration(let path, let reason): "\(path): \(reason)"
        }
    }
}
