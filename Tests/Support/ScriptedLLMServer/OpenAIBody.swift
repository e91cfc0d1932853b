import Foundation

/// Bodies an OpenAI-compatible server returns, for building scripts. Built with JSONSerialization
/// so any text (quotes, newlines, unicode) is escaped exactly as a real server would.
public enum OpenAIBody {
    public static func chat(
        content: String, finishReason: String = "stop", model: String = "scripted",
        promptTokens: Int = 10, completionTokens: Int = 5
    ) -> String {
        encode([
            "id": "chatcmpl-1", "object": "chat.completion", "created": 0, "model": model,
            "choices": [[
                "index": 0,
                "message": ["role": "assistant", "content": content],
                "finish_reason": finishReason,
            ]],
            "usage": usage(promptTokens, completionTokens),
        ])
    }

    public static func completion(
        text: String, finishReason: String = "stop", model: String = "scripted",
        promptTokens: Int = 10, completionTokens: Int = 5
    ) -> String {
        encode([
            "id": "cmpl-1", "object": "text_completion", "created": 0, "model": model,
            "choices": [["index": 0, "text": text, "finish_reason": finishReason]],
            "usage": usage(promptTokens, completionTokens),
        ])
    }

    public static func embeddings(_ vectors: [[Double]], model: String = "scripted", promptTokens: Int = 3) -> String {
        let data: [[String: Any]] = vectors.enumerated().map { index, vector in
            ["object": "embedding", "index": index, "embedding": vector]
        }
        return encode([
            "object": "list", "data": data, "model": model,
            "usage": ["prompt_tokens": promptTokens, "total_tokens": promptTokens],
        ])
    }

    public static func models(_ ids: [String]) -> String {
        encode([
            "object": "list",
            "data": ids.map { ["id": $0, "object": "model", "owned_by": "scripted"] },
        ])
    }

    public static func error(_ message: String, type: String = "server_error") -> String {
        encode(["error": ["message": message, "type": type, "param": NSNull(), "code": NSNull()]])
    }

    private static func usage(_ prompt: Int, _ completion: Int) -> [String: Any] {
        ["prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion]
    }

    /// Sorted keys keep the bodies byte-for-byte stable across runs. Traps only on non-finite
    /// numbers, which a test script should never contain.
    private static func encode(_ object: [String: Any]) -> String {
        let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }
}
