import Foundation
import KaizenEncoder
import Testing

/// A wrong or damaged model folder fails with a typed error naming the file and the fault.
@Suite struct LoadingErrorTests {
    @Test func missingModelFolder() {
        let path = "/nonexistent/kaizen-minilm-\(UUID().uuidString)"
        #expect(throws: EncoderError.missingModelFolder(path: path)) {
            try MiniLMEncoder(modelFolder: URL(fileURLWithPath: path))
        }
    }

    @Test func missingWeightsFile() throws {
        let model = try TinyModel()
        defer { model.remove() }
        try FileManager.default.removeItem(at: model.weightsURL)
        #expect(throws: EncoderError.missingFile(path: model.weightsURL.path)) {
            try MiniLMEncoder(modelFolder: model.folder)
        }
    }

    @Test func missingTokenizerFile() throws {
        let model = try TinyModel()
        defer { model.remove() }
        let tokenizer = model.folder.appendingPathComponent("tokenizer.json")
        try FileManager.default.removeItem(at: tokenizer)
        #expect(throws: EncoderError.missingFile(path: tokenizer.path)) {
            try MiniLMEncoder(modelFolder: model.folder)
        }
    }

    /// Damaged files, each a label and the file's bytes.
    static let corruptFiles: [(String, [UInt8])] = {
        let objectBody: [UInt8] = Array(#"{"x":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#.utf8)
        var cases: [(String, [UInt8])] = []
        cases.append(("header length past the end", TinyModel.bytes(UInt64(1) << 40) + Array("{}".utf8)))
        cases.append(("header not JSON", TinyModel.bytes(UInt64(9)) + Array("{not json".utf8)))
        cases.append(("header not an object", TinyModel.bytes(UInt64(2)) + Array("[]".utf8)))
        cases.append(("too short", [0x10, 0x00]))
        cases.append(("offsets past the data", TinyModel.bytes(UInt64(objectBody.count)) + objectBody))
        return cases
    }()

    @Test func corruptHeader() throws {
        let model = try TinyModel()
        defer { model.remove() }
        for (label, bytes) in Self.corruptFiles {
            try Data(bytes).write(to: model.weightsURL)
            do {
                _ = try MiniLMEncoder(modelFolder: model.folder)
                Issue.record("\(label): loaded a corrupt file")
            } catch let EncoderError.badHeader(path, reason) {
                #expect(path == model.weightsURL.path, "\(label)")
                #expect(!reason.isEmpty, "\(label)")
            } catch {
                Issue.record("\(label): unexpected \(error)")
            }
        }
    }

    @Test func missingTensorIsNamed() throws {
        let model = try TinyModel()
        defer { model.remove() }
        var tensors = model.tensors
        tensors["encoder.layer.1.output.dense.weight"] = nil
        try model.writeWeights(tensors)
        #expect(throws: EncoderError.missingTensor(path: model.weightsURL.path, name: "encoder.layer.1.output.dense.weight")) {
            try MiniLMEncoder(modelFolder: model.folder)
        }
    }

    @Test func wrongShapeIsNamed() throws {
        let model = try TinyModel()
        defer { model.remove() }
        var tensors = model.tensors
        tensors["embeddings.LayerNorm.bias"] = ([TinyModel.hidden + 1], [Float](repeating: 0, count: TinyModel.hidden + 1))
        try model.writeWeights(tensors)
        #expect(throws: EncoderError.badShape(
            path: model.weightsURL.path, name: "embeddings.LayerNorm.bias", expected: [TinyModel.hidden], actual: [TinyModel.hidden + 1])
        ) {
            try MiniLMEncoder(modelFolder: model.folder)
        }
    }

    @Test func unsupportedActivationIsRefused() throws {
        let model = try TinyModel()
        defer { model.remove() }
        let config = model.folder.appendingPathComponent("config.json")
        var object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: config)) as? [String: Any])
        object["hidden_act"] = "relu"
        try TinyModel.json(object).write(to: config)
        #expect(throws: EncoderError.badConfiguration(path: config.path, reason: "hidden_act relu is not supported (only gelu, the erf form)")) {
            try MiniLMEncoder(modelFolder: model.folder)
        }
    }

    @Test func errorDescriptionsNameTheFile() {
        let error = EncoderError.missingTensor(path: "/m/model.safetensors", name: "pooler.dense.weight")
        #expect(error.description == "/m/model.safetensors: no tensor named pooler.dense.weight")
    }
}
