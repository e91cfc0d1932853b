import Foundation
import KaizenCore
import KaizenYAML

extension SearchSpace {
    /// Parses `search-space.yaml`; every error names the file, line and key.
    public static func parse(_ text: String, file: String) throws -> SearchSpace {
        let root = try YAMLNode.parse(text, file: file).mapping(allowed: Persona.allCases.map(\.rawValue))
        var fields: [Persona: [SearchField]] = [:]
        for persona in Persona.allCases {
            let mapping = try root.required(persona.rawValue).openMapping()
            fields[persona] = try mapping.keys.map { key in
                try SearchField(path: "\(persona.rawValue).\(key)", kind: parseKind(try mapping.required(key)))
            }
        }
        return SearchSpace(fields: fields)
    }

    public static func load(contentsOf url: URL) throws -> SearchSpace {
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw ConfigError(file: url.relativePath, line: nil, column: nil, key: nil, message: "cannot read: \(error.localizedDescription)")
        }
        return try parse(text, file: url.relativePath)
    }

    static func parseKind(_ node: YAMLNode) throws -> SearchField.Kind {
        let m = try node.mapping(allowed: ["kind", "values", "min", "max", "scale", "min_length", "max_length"])
        switch try m.required("kind").oneOf(["choice", "bool", "int", "float", "int_list"]) {
        case "choice":
            let values = try m.required("values").array().map { item -> JSONValue in
                if let n = try? item.int() { return .number(Double(n)) }
                if let x = try? item.double() { return .number(x) }
                if let b = try? item.bool() { return .bool(b) }
                return .string(try item.string())
            }
            if values.isEmpty { throw try m.required("values").error("a choice needs at least one value") }
            return .choice(values)
        case "bool":
            return .bool
        case "int":
            let min = try m.required("min").int()
            let max = try m.required("max").int()
            if max < min { throw try m.required("max").error("max (\(max)) is below min (\(min))") }
            return .int(min: min, max: max)
        case "float":
            let min = try m.required("min").double()
            let max = try m.required("max").double()
            if max < min { throw try m.required("max").error("max is below min") }
            let scale = try m.optional("scale") { try $0.oneOf(["linear", "log"]) } ?? "linear"
            if scale == "log" && min <= 0 { throw try m.required("min").error("a log-scale field needs min > 0") }
            return .float(min: min, max: max, logScale: scale == "log")
        default:
            let minLength = try m.required("min_length").int(in: 0...64)
            let maxLength = try m.required("max_length").int(in: minLength...64)
            let min = try m.required("min").int()
            let max = try m.required("max").int()
            if max < min { throw try m.required("max").error("max is below min") }
            return .intList(minLength: minLength, maxLength: maxLength, min: min, max: max)
        }
    }
}
