import Foundation

/// Reads any `Decodable` out of a `JSONValue` with the API's conventions (see `JSONValueEncoder`).
///
/// A `JSONValue` inside a record is handed over as parsed, so `1.0` stays `.double` (Foundation's
/// `JSONDecoder` finds a value's kind by trying `Int` first and turned it into `.int`). Numbers read
/// as `Double` also accept the strings `"NaN"`, `"Infinity"` and `"-Infinity"`, as the API writes them.
public enum JSONValueDecoder {
    public static func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws -> T {
        try unbox(T.self, value, at: [])
    }

    static func unbox<T: Decodable>(_ type: T.Type, _ value: JSONValue, at path: [any CodingKey]) throws -> T {
        if T.self == JSONValue.self { return (restored(value) ?? value) as! T }
        if T.self == Date.self {
            guard let ms = value.number else { throw mismatch(T.self, value, path) }
            return Date(timeIntervalSince1970: ms / 1000) as! T
        }
        if T.self == Data.self {
            guard let s = value.stringValue, let d = Data(base64Encoded: s) else { throw mismatch(T.self, value, path) }
            return d as! T
        }
        return try T(from: Reader(value: value, codingPath: path))
    }

    /// The value with the API's non-finite strings read back as numbers, or nil when it holds none
    /// (the common case, which then costs one walk and no copy).
    static func restored(_ value: JSONValue) -> JSONValue? {
        switch value {
        case .string("NaN"): return .double(.nan)
        case .string("Infinity"): return .double(.infinity)
        case .string("-Infinity"): return .double(-.infinity)
        case .array(var a):
            var changed = false
            for i in a.indices { if let r = restored(a[i]) { a[i] = r; changed = true } }
            return changed ? .array(a) : nil
        case .object(var o):
            var changed = false
            for (k, v) in o { if let r = restored(v) { o[k] = r; changed = true } }
            return changed ? .object(o) : nil
        default: return nil
        }
    }

    static func mismatch(_ type: Any.Type, _ value: JSONValue, _ path: [any CodingKey]) -> DecodingError {
        let at = path.isEmpty ? "" : " at '\(path.map(\.stringValue).joined(separator: "."))'"
        return .typeMismatch(type, .init(codingPath: path, debugDescription: "expected \(type)\(at), got \(value.typeName)"))
    }

    static func double(_ value: JSONValue, _ path: [any CodingKey]) throws -> Double {
        switch value {
        case .int(let i): return Double(i)
        case .double(let d): return d
        case .string("NaN"): return .nan
        case .string("Infinity"): return .infinity
        case .string("-Infinity"): return -.infinity
        default: throw mismatch(Double.self, value, path)
        }
    }

    static func integer<I: FixedWidthInteger>(_ type: I.Type, _ value: JSONValue, _ path: [any CodingKey]) throws -> I {
        switch value {
        case .int(let i): if let n = I(exactly: i) { return n }
        case .double(let d): if let n = I(exactly: d) { return n }
        default: break
        }
        throw mismatch(I.self, value, path)
    }

    struct Reader: Decoder, SingleValueDecodingContainer {
        let value: JSONValue
        var codingPath: [any CodingKey]
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        func container<K: CodingKey>(keyedBy type: K.Type) throws -> KeyedDecodingContainer<K> {
            guard case .object(let o) = value else { throw mismatch([String: JSONValue].self, value, codingPath) }
            return KeyedDecodingContainer(Keyed<K>(object: o, codingPath: codingPath))
        }

        func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
            guard case .array(let a) = value else { throw mismatch([JSONValue].self, value, codingPath) }
            return Unkeyed(items: a, codingPath: codingPath)
        }

        func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

        func decodeNil() -> Bool { value == .null }

        func decode(_ type: Bool.Type) throws -> Bool {
            guard case .bool(let b) = value else { throw mismatch(type, value, codingPath) }
            return b
        }

        func decode(_ type: String.Type) throws -> String {
            guard case .string(let s) = value else { throw mismatch(type, value, codingPath) }
            return s
        }

        func decode(_ type: Double.Type) throws -> Double { try double(value, codingPath) }
        func decode(_ type: Float.Type) throws -> Float { Float(try double(value, codingPath)) }
        func decode(_ type: Int.Type) throws -> Int { try integer(type, value, codingPath) }
        func decode(_ type: Int8.Type) throws -> Int8 { try integer(type, value, codingPath) }
        func decode(_ type: Int16.Type) throws -> Int16 { try integer(type, value, codingPath) }
        func decode(_ type: Int32.Type) throws -> Int32 { try integer(type, value, codingPath) }
        func decode(_ type: Int64.Type) throws -> Int64 { try integer(type, value, codingPath) }
        func decode(_ type: UInt.Type) throws -> UInt { try integer(type, value, codingPath) }
        func decode(_ type: UInt8.Type) throws -> UInt8 { try integer(type, value, codingPath) }
        func decode(_ type: UInt16.Type) throws -> UInt16 { try integer(type, value, codingPath) }
        func decode(_ type: UInt32.Type) throws -> UInt32 { try integer(type, value, codingPath) }
        func decode(_ type: UInt64.Type) throws -> UInt64 { try integer(type, value, codingPath) }
        func decode<T: Decodable>(_ type: T.Type) throws -> T { try unbox(type, value, at: codingPath) }
    }

    struct Keyed<K: CodingKey>: KeyedDecodingContainerProtocol {
        let object: [String: JSONValue]
        var codingPath: [any CodingKey]

        var allKeys: [K] { object.keys.compactMap { K(stringValue: $0) } }

        func contains(_ key: K) -> Bool { object[key.stringValue] != nil }

        func reader(_ key: K) throws -> Reader {
            guard let v = object[key.stringValue] else {
                let at = codingPath.isEmpty ? "" : " in '\(codingPath.map(\.stringValue).joined(separator: "."))'"
                throw DecodingError.keyNotFound(
                    key, .init(codingPath: codingPath, debugDescription: "missing field '\(key.stringValue)'\(at)"))
            }
            return Reader(value: v, codingPath: codingPath + [key])
        }

        func decodeNil(forKey key: K) throws -> Bool { try reader(key).decodeNil() }
        func decode(_ type: Bool.Type, forKey key: K) throws -> Bool { try reader(key).decode(type) }
        func decode(_ type: String.Type, forKey key: K) throws -> String { try reader(key).decode(type) }
        func decode(_ type: Double.Type, forKey key: K) throws -> Double { try reader(key).decode(type) }
        func decode(_ type: Float.Type, forKey key: K) throws -> Float { try reader(key).decode(type) }
        func decode(_ type: Int.Type, forKey key: K) throws -> Int { try reader(key).decode(type) }
        func decode(_ type: Int8.Type, forKey key: K) throws -> Int8 { try reader(key).decode(type) }
        func decode(_ type: Int16.Type, forKey key: K) throws -> Int16 { try reader(key).decode(type) }
        func decode(_ type: Int32.Type, forKey key: K) throws -> Int32 { try reader(key).decode(type) }
        func decode(_ type: Int64.Type, forKey key: K) throws -> Int64 { try reader(key).decode(type) }
        func decode(_ type: UInt.Type, forKey key: K) throws -> UInt { try reader(key).decode(type) }
        func decode(_ type: UInt8.Type, forKey key: K) throws -> UInt8 { try reader(key).decode(type) }
        func decode(_ type: UInt16.Type, forKey key: K) throws -> UInt16 { try reader(key).decode(type) }
        func decode(_ type: UInt32.Type, forKey key: K) throws -> UInt32 { try reader(key).decode(type) }
        func decode(_ type: UInt64.Type, forKey key: K) throws -> UInt64 { try reader(key).decode(type) }
        func decode<T: Decodable>(_ type: T.Type, forKey key: K) throws -> T { try reader(key).decode(type) }

        func nestedContainer<N: CodingKey>(keyedBy type: N.Type, forKey key: K) throws -> KeyedDecodingContainer<N> {
            try reader(key).container(keyedBy: type)
        }

        func nestedUnkeyedContainer(forKey key: K) throws -> any UnkeyedDecodingContainer {
            try reader(key).unkeyedContainer()
        }

        func superDecoder() throws -> any Decoder { try reader(K(stringValue: "super")!) }
        func superDecoder(forKey key: K) throws -> any Decoder { try reader(key) }
    }

    struct Unkeyed: UnkeyedDecodingContainer {
        let items: [JSONValue]
        var codingPath: [any CodingKey]
        var currentIndex = 0

        init(items: [JSONValue], codingPath: [any CodingKey]) {
            self.items = items; self.codingPath = codingPath
        }

        var count: Int? { items.count }
        var isAtEnd: Bool { currentIndex >= items.count }

        mutating func next() throws -> Reader {
            let path = codingPath + [JSONValueEncoder.Key(intValue: currentIndex)]
            guard !isAtEnd else {
                throw DecodingError.valueNotFound(Any.self, .init(codingPath: path, debugDescription: "list has only \(items.count) items"))
            }
            defer { currentIndex += 1 }
            return Reader(value: items[currentIndex], codingPath: path)
        }

        mutating func decodeNil() throws -> Bool {
            guard !isAtEnd, items[currentIndex] == .null else { return false }
            currentIndex += 1
            return true
        }

        mutating func decode(_ type: Bool.Type) throws -> Bool { try next().decode(type) }
        mutating func decode(_ type: String.Type) throws -> String { try next().decode(type) }
        mutating func decode(_ type: Double.Type) throws -> Double { try next().decode(type) }
        mutating func decode(_ type: Float.Type) throws -> Float { try next().decode(type) }
        mutating func decode(_ type: Int.Type) throws -> Int { try next().decode(type) }
        mutating func decode(_ type: Int8.Type) throws -> Int8 { try next().decode(type) }
        mutating func decode(_ type: Int16.Type) throws -> Int16 { try next().decode(type) }
        mutating func decode(_ type: Int32.Type) throws -> Int32 { try next().decode(type) }
        mutating func decode(_ type: Int64.Type) throws -> Int64 { try next().decode(type) }
        mutating func decode(_ type: UInt.Type) throws -> UInt { try next().decode(type) }
        mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try next().decode(type) }
        mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try next().decode(type) }
        mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try next().decode(type) }
        mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try next().decode(type) }
        mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try next().decode(type) }

        mutating func nestedContainer<N: CodingKey>(keyedBy type: N.Type) throws -> KeyedDecodingContainer<N> {
            try next().container(keyedBy: type)
        }

        mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer { try next().unkeyedContainer() }
        mutating func superDecoder() throws -> any Decoder { try next() }
    }
}
