import Foundation

/// Validates a JSON value against the subset of JSON Schema that Kaizen sends to LLM servers:
/// `type`, `enum`, `const`, `properties`, `required`, `additionalProperties`, `items`,
/// `minItems`, `maxItems`, `uniqueItems`, `minimum`, `maximum`, `exclusiveMinimum`,
/// `exclusiveMaximum`, `minLength`, `maxLength`, `pattern`, `minProperties`, `anyOf`, `oneOf`, `allOf`.
///
/// Servers' constrained decoding does not enforce every keyword (llama.cpp ignores float
/// bounds and `minProperties`), so replies are always checked here too.
public enum JSONSchemaValidator {
    /// Every violation, each as "path: problem"; empty when the value is valid.
    public static func problems(of value: JSONValue, against schema: JSONValue, path: String = "$") -> [String] {
        guard case .object(let s) = schema else { return [] }
        var out: [String] = []

        if let type = s["type"] {
            let allowed = type.arrayValue?.compactMap(\.stringValue) ?? [type.stringValue].compactMap { $0 }
            if !allowed.isEmpty && !allowed.contains(where: { matches(value, type: $0) }) {
                return ["\(path): expected \(allowed.joined(separator: " or ")), found \(value.typeName)"]
            }
        }
        if let options = s["enum"]?.arrayValue, !options.contains(value) {
            out.append("\(path): \(short(value)) is not one of \(options.map(short).joined(separator: ", "))")
        }
        if let constant = s["const"], constant != value {
            out.append("\(path): expected \(short(constant)), found \(short(value))")
        }
        switch value {
        case .number(let n):
            if let min = s["minimum"]?.doubleValue, n < min { out.append("\(path): \(JSONValue.format(n)) is below the minimum \(JSONValue.format(min))") }
            if let max = s["maximum"]?.doubleValue, n > max { out.append("\(path): \(JSONValue.format(n)) is above the maximum \(JSONValue.format(max))") }
            if let min = s["exclusiveMinimum"]?.doubleValue, n <= min { out.append("\(path): \(JSONValue.format(n)) must be above \(JSONValue.format(min))") }
            if let max = s["exclusiveMaximum"]?.doubleValue, n >= max { out.append("\(path): \(JSONValue.format(n)) must be below \(JSONValue.format(max))") }
        case .string(let text):
            if let min = s["minLength"]?.intValue, text.count < min { out.append("\(path): shorter than \(min) characters") }
            if let max = s["maxLength"]?.intValue, text.count > max { out.append("\(path): longer than \(max) characters") }
            if let pattern = s["pattern"]?.stringValue, let regex = try? NSRegularExpression(pattern: pattern),
               regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) == nil {
                out.append("\(path): does not match /\(pattern)/")
            }
        case .array(let items):
            if let min = s["minItems"]?.intValue, items.count < min { out.append("\(path): \(items.count) items, at least \(min) required") }
            if let max = s["maxItems"]?.intValue, items.count > max { out.append("\(path): \(items.count) items, at most \(max) allowed") }
            if s["uniqueItems"]?.boolValue == true, Set(items).count != items.count { out.append("\(path): items are not unique") }
            if let itemSchema = s["items"] {
                for (i, item) in items.enumerated() { out += problems(of: item, against: itemSchema, path: "\(path)[\(i)]") }
            }
        case .object(let fields):
            let properties = s["properties"]?.objectValue ?? [:]
            for name in s["required"]?.arrayValue?.compactMap(\.stringValue) ?? [] where fields[name] == nil {
                out.append("\(path): missing required property \"\(name)\"")
            }
            if let min = s["minProperties"]?.intValue, fields.count < min { out.append("\(path): \(fields.count) properties, at least \(min) required") }
            for name in fields.keys.sorted() {
                let child = "\(path).\(name)"
                if let propertySchema = properties[name] {
                    out += problems(of: fields[name]!, against: propertySchema, path: child)
                } else if let additional = s["additionalProperties"] {
                    if additional == .bool(false) {
                        out.append("\(path): unexpected property \"\(name)\"")
                    } else if case .object = additional {
                        out += problems(of: fields[name]!, against: additional, path: child)
                    }
                }
            }
        default:
            break
        }
        if let all = s["allOf"]?.arrayValue {
            for sub in all { out += problems(of: value, against: sub, path: path) }
        }
        if let any = s["anyOf"]?.arrayValue, !any.contains(where: { problems(of: value, against: $0, path: path).isEmpty }) {
            out.append("\(path): matches none of the anyOf alternatives")
        }
        if let one = s["oneOf"]?.arrayValue {
            let count = one.filter { problems(of: value, against: $0, path: path).isEmpty }.count
            if count != 1 { out.append("\(path): matches \(count) of the oneOf alternatives, exactly 1 required") }
        }
        return out
    }

    static func matches(_ value: JSONValue, type: String) -> Bool {
        switch (type, value) {
        case ("null", .null), ("boolean", .bool), ("string", .string), ("array", .array), ("object", .object), ("number", .number): true
        case ("integer", .number(let n)): n.rounded() == n
        default: false
        }
    }

    static func short(_ value: JSONValue) -> String {
        let text = value.canonicalText
        return text.count > 40 ? String(text.prefix(37)) + "..." : text
    }
}
