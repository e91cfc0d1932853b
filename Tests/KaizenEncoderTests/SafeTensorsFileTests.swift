import Foundation
import KaizenEncoder
import Testing

@Suite struct SafeTensorsFileTests {
    @Test func readsF32F16AndBF16AsFloat() throws {
        let f32: [Float] = [1.5, -2.25, 0, 3.0e-5]
        // binary16: 1, -2, 65504 (largest), 2^-24 (smallest subnormal), -0, +inf.
        let f16: [UInt16] = [0x3C00, 0xC000, 0x7BFF, 0x0001, 0x8000, 0x7C00]
        // bfloat16: 1, -3.5.
        let bf16: [UInt16] = [0x3F80, 0xC060]
        let data = try TinyModel.safetensors([
            "a": ("F32", [2, 2], f32.flatMap { TinyModel.bytes($0.bitPattern) }),
            "h": ("F16", [6], f16.flatMap { TinyModel.bytes($0) }),
            "b": ("BF16", [2], bf16.flatMap { TinyModel.bytes($0) }),
            "ids": ("I64", [2], [UInt8](repeating: 0, count: 16)),
        ])
        let file = try SafeTensorsFile(data: data, path: "test.safetensors")
        #expect(file.metadata == ["format": "pt"])
        #expect(file.tensors["a"]?.shape == [2, 2])
        #expect(try file.floats("a", shape: [2, 2]) == f32)
        #expect(try file.floats("h") == [1, -2, 65504, Float(1) / 16_777_216, -0.0, .infinity])
        #expect(try file.floats("h")[4].sign == .minus)
        #expect(try file.floats("b") == [1, -3.5])
        #expect(throws: EncoderError.unsupportedDType(path: "test.safetensors", name: "ids", dtype: "I64")) { try file.floats("ids") }
        #expect(throws: EncoderError.missingTensor(path: "test.safetensors", name: "nope")) { try file.floats("nope") }
        #expect(throws: EncoderError.badShape(path: "test.safetensors", name: "a", expected: [4], actual: [2, 2])) {
            try file.floats("a", shape: [4])
        }
    }

    @Test func sizeMismatchIsABadHeader() throws {
        let data = try TinyModel.safetensors(["a": ("F32", [3], [UInt8](repeating: 0, count: 8))])
        #expect(throws: EncoderError.badHeader(path: "x", reason: "entry a spans 8 bytes, its F32 shape [3] needs 12")) {
            try SafeTensorsFile(data: data, path: "x")
        }
    }

    @Test func missingFileIsNamed() {
        let url = URL(fileURLWithPath: "/nonexistent/\(UUID().uuidString).safetensors")
        #expect(throws: EncoderError.missingFile(path: url.path)) { try SafeTensorsFile(url: url) }
    }
}
