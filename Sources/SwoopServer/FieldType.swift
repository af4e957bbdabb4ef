import SwoopModel

/// The JSON type a request field must have.
public indirect enum FieldType: Sendable {
    case string, integer, number, boolean, object, any
    case array(FieldType)
    case oneOf([String])

    /// Whether `value` has this type (null is handled by the caller: allowed for optional fields only).
    func accepts(_ value: JSONValue) -> Bool {
        switch (self, value) {
        case (.any, _): return true
        case (.string, .string), (.boolean, .bool), (.object, .object): return true
        case (.integer, .int): return true
        case (.integer, .double(let d)): return d.isFinite && d == d.rounded() && abs(d) < 9e15
        case (.number, .int), (.number, .double): return true
        case (.oneOf(let names), .string(let s)): return names.contains(s)
        case (.array(let element), .array(let items)): return items.allSatisfy(element.accepts)
        default: return false
        }
    }

    /// Words for error messages: "expected an integer".
    var phrase: String {
        switch self {
        case .string: return "a string"
        case .integer: return "an integer"
        case .number: return "a number"
        case .boolean: return "a boolean"
        case .object: return "an object"
        case .any: return "any JSON value"
        case .array(let e): return "a list of \(e.pluralPhrase)"
        case .oneOf(let names): return "one of " + names.joined(separator: ", ")
        }
    }

    private var pluralPhrase: String {
        switch self {
        case .string: return "strings"
        case .integer: return "integers"
        case .number: return "numbers"
        case .boolean: return "booleans"
        case .object: return "objects"
        case .any: return "values"
        case .array: return "lists"
        case .oneOf(let names): return "values among " + names.joined(separator: ", ")
        }
    }

    /// The JSON Schema of this type, for the OpenAPI document.
    var schema: JSONValue {
        switch self {
        case .string: return ["type": "string"]
        case .integer: return ["type": "integer"]
        case .number: return ["type": "number"]
        case .boolean: return ["type": "boolean"]
        case .object: return ["type": "object"]
        case .any: return [:]
        case .array(let e): return ["type": "array", "items": e.schema]
        case .oneOf(let names): return ["type": "string", "enum": .array(names.map { .string($0) })]
        }
    }
}
