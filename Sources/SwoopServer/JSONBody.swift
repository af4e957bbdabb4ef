import Foundation
import SwoopModel

/// A request body already checked against its route's fields; reads give typed values, absent or null
/// optional fields read as nil.
public struct JSONBody: Sendable {
    public let fields: [String: JSONValue]

    static let empty = JSONBody(fields: [:])

    init(fields: [String: JSONValue]) { self.fields = fields }

    /// Parses `data` and checks it against `specs`: must be an object, no unknown fields, required fields
    /// present, every value of its declared type. Every refusal names the field.
    static func parse(_ data: Data, specs: [FieldSpec]) throws -> JSONBody {
        let value: JSONValue
        do {
            value = try JSONText.parse(Array(data))
        } catch {
            throw APIError.badRequest("invalid_json", "request body is not valid JSON: \(error)", field: "body")
        }
        guard case .object(let object) = value else {
            throw APIError.badRequest("wrong_type", "request body must be a JSON object, got \(value.typeName)", field: "body")
        }
        let known = Dictionary(specs.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        for key in object.keys.sorted() where known[key] == nil {
            let allowed = specs.map(\.name).joined(separator: ", ")
            throw APIError.badRequest(
                "unknown_field", "unknown field '\(key)'" + (allowed.isEmpty ? " (this request takes no fields)" : " (allowed: \(allowed))"),
                field: key)
        }
        for spec in specs {
            switch object[spec.name] {
            case nil, .some(.null):
                if spec.required {
                    throw APIError.badRequest("missing_field", "field '\(spec.name)' is required (\(spec.type.phrase))", field: spec.name)
                }
            case .some(let v):
                if !spec.type.accepts(v) {
                    throw APIError.badRequest(
                        "wrong_type", "field '\(spec.name)' must be \(spec.type.phrase), got \(v.typeName)", field: spec.name)
                }
            }
        }
        for (key, v) in object {
            if let path = nulPath(v, at: key) {
                throw APIError.badRequest("invalid_value", "'\(path)' holds a NUL character, which no field may contain", field: path)
            }
        }
        return JSONBody(fields: object.filter { $0.value != .null })
    }

    /// Where a NUL character hides in a value (databases refuse it in text, so it is refused up front).
    static func nulPath(_ value: JSONValue, at path: String) -> String? {
        switch value {
        case .string(let s): return s.utf8.contains(0) ? path : nil
        case .array(let a):
            for (i, e) in a.enumerated() { if let p = nulPath(e, at: "\(path)[\(i)]") { return p } }
            return nil
        case .object(let o):
            for (k, e) in o {
                if k.utf8.contains(0) { return path }
                if let p = nulPath(e, at: "\(path).\(k)") { return p }
            }
            return nil
        default: return nil
        }
    }

    func has(_ name: String) -> Bool { fields[name] != nil }

    func string(_ name: String) throws -> String {
        guard let s = optionalString(name) else {
            throw APIError.badRequest("missing_field", "field '\(name)' is required", field: name)
        }
        return s
    }

    func optionalString(_ name: String) -> String? { fields[name]?.stringValue }

    func int(_ name: String) -> Int? {
        switch fields[name] {
        case .int(let i): return i
        case .double(let d): return Int(exactly: d)
        default: return nil
        }
    }

    func bool(_ name: String) -> Bool? { fields[name]?.boolValue }

    func json(_ name: String) -> JSONValue? { fields[name] }

    func strings(_ name: String) -> [String]? {
        fields[name]?.arrayValue?.compactMap(\.stringValue)
    }

    /// A non-negative integer, named in the error when it is out of range.
    func int(_ name: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let v = int(name) else { return nil }
        guard range.contains(v) else {
            throw APIError.badRequest("out_of_range", "field '\(name)' must be in \(range.lowerBound)...\(range.upperBound), got \(v)", field: name)
        }
        return v
    }

    /// An enum field (declared as `.oneOf` so its value is already one of the names).
    func enumValue<E: RawRepresentable>(_ name: String, as: E.Type) throws -> E? where E.RawValue == String {
        guard let s = optionalString(name) else { return nil }
        guard let e = E(rawValue: s) else {
            throw APIError.badRequest("invalid_value", "field '\(name)' has no value '\(s)'", field: name)
        }
        return e
    }

    func priority(_ name: String) throws -> Priority? {
        guard let s = optionalString(name) else { return nil }
        guard let p = Priority(name: s) else {
            throw APIError.badRequest("invalid_value", "field '\(name)' must be critical, high, medium or low", field: name)
        }
        return p
    }

    func id<K>(_ name: String, as: Identifier<K>.Type = Identifier<K>.self) throws -> Identifier<K>? {
        guard let s = optionalString(name) else { return nil }
        let id = Identifier<K>(s)
        guard id.isWellFormed else {
            throw APIError.badRequest("bad_id", "field '\(name)' is not a well-formed \(K.name) id", field: name)
        }
        return id
    }

    func ids<K>(_ name: String, as: Identifier<K>.Type = Identifier<K>.self) throws -> [Identifier<K>]? {
        guard let list = strings(name) else { return nil }
        return try list.enumerated().map { (i, s) in
            let id = Identifier<K>(s)
            guard id.isWellFormed else {
                throw APIError.badRequest("bad_id", "'\(name)[\(i)]' is not a well-formed \(K.name) id", field: "\(name)[\(i)]")
            }
            return id
        }
    }
}
