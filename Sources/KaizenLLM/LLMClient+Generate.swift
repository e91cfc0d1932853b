import Foundation
import KaizenCore

extension LLMClient {
    /// Chat and completion share this: request the format, parse the envelope, check the text.
    func generate(kind: String, path: String, body: [String: JSONValue], format: ResponseFormat, purpose: String?, runID: String?) async throws(LLMError) -> LLMReply {
        let fallback = schemaFallback.withLock { $0 }
        var request = body
        if let field = responseFormatField(format, fallback: fallback) { request["response_format"] = field }
        let started = ContinuousClock.now
        do {
            return try await send(kind: kind, path: path, body: request, format: format, purpose: purpose, runID: runID, started: started)
        } catch let error where format.schema != nil && !fallback && error.refusesResponseFormat {
            // Some servers (llama-cpp-python among them) take the schema only inside json_object.
            logger.info("the server refused json_schema; falling back to json_object with the schema", metadata: ["error": "\(error.errorClass)"])
            schemaFallback.withLock { $0 = true }
            request["response_format"] = responseFormatField(format, fallback: true)
            return try await send(kind: kind, path: path, body: request, format: format, purpose: purpose, runID: runID, started: started)
        }
    }

    private func send(kind: String, path: String, body: [String: JSONValue], format: ResponseFormat, purpose: String?, runID: String?, started: ContinuousClock.Instant) async throws(LLMError) -> LLMReply {
        var attempts = 0
        let (envelope, text, finish, model) = try await perform(
            kind: kind, path: path, method: "POST", body: .object(body), purpose: purpose, runID: runID,
            attemptsOut: { attempts = $0 }
        ) { envelope throws(LLMError) in
            guard let choice = envelope["choices"]?.arrayValue?.first else { throw self.malformed("no \"choices\"", envelope) }
            let text = choice["message"]?["content"]?.stringValue ?? choice["text"]?.stringValue
            guard let text else { throw self.malformed("choices[0] has no text", envelope) }
            let result = (envelope, text, choice["finish_reason"]?.stringValue, envelope["model"]?.stringValue ?? self.endpoint.model)
            try Self.checkContent(text: text, finishReason: result.2, format: format)
            return (result, Self.usage(envelope))
        }
        let usage = Self.usage(envelope)
        let json = format.wantsJSON ? try? JSONValue.parseModelOutput(Self.stripFence(text)) : nil
        return LLMReply(
            text: text, json: json, finishReason: finish, model: model, promptTokens: usage.0, completionTokens: usage.1,
            latency: ContinuousClock.now - started, attempts: attempts)
    }

    /// Truncation first (a cut-off reply is usually also broken JSON), then JSON, then schema.
    static func checkContent(text: String, finishReason: String?, format: ResponseFormat) throws(LLMError) {
        // Plain text cut at max_tokens is still text; the caller sees finishReason.
        guard format.wantsJSON else { return }
        if finishReason == "length" { throw .truncated(raw: text) }
        let value: JSONValue
        do {
            value = try JSONValue.parseModelOutput(stripFence(text))
        } catch {
            throw .invalidJSON(raw: text, detail: error.message)
        }
        if let schema = format.schema {
            let problems = JSONSchemaValidator.problems(of: value, against: schema)
            if !problems.isEmpty { throw .schemaMismatch(raw: text, problems: problems) }
        } else if value.objectValue == nil {
            throw .invalidJSON(raw: text, detail: "expected a JSON object, found \(value.typeName)")
        }
    }

    /// Models without constrained decoding often wrap JSON in a Markdown fence; accept that.
    static func stripFence(_ text: String) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.hasPrefix("```"), trimmed.hasSuffix("```"), trimmed.count >= 6 else { return trimmed }
        var inner = trimmed.dropFirst(3).dropLast(3)
        if let newline = inner.firstIndex(of: "\n") { inner = inner[inner.index(after: newline)...] }
        return inner.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func responseFormatField(_ format: ResponseFormat, fallback: Bool) -> JSONValue? {
        switch format {
        case .text: return nil
        case .jsonObject: return .object(["type": .string("json_object")])
        case .jsonSchema(let name, let schema):
            if fallback { return .object(["type": .string("json_object"), "schema": schema]) }
            return .object([
                "type": .string("json_schema"),
                "json_schema": .object(["name": .string(name), "schema": schema, "strict": .bool(true)]),
            ])
        }
    }

    static func usage(_ envelope: JSONValue) -> (Int?, Int?) {
        (envelope["usage"]?["prompt_tokens"]?.intValue, envelope["usage"]?["completion_tokens"]?.intValue)
    }

    func malformed(_ detail: String, _ envelope: JSONValue) -> LLMError {
        .badResponse(endpoint: endpoint.endpointText, detail: detail, raw: String(envelope.canonicalText.prefix(2000)))
    }
}
