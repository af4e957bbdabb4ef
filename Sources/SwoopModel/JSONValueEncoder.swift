import Foundation

/// Turns any `Encodable` into a `JSONValue` with the API's conventions, keeping `Double` as `.double`.
///
/// Foundation's `JSONEncoder` writes an integral `Double` without a fraction (`1.0` as `1`), so a float
/// a user wrote came back as an integer; building the value here and rendering it with `JSONText`
/// keeps the kind. Dates are integer milliseconds since 1970 (as the store keeps them), `Data` is base64
/// (as `JSONEncoder` writes it), and a `JSONValue` inside a record is taken as it is.
public enum JSONValueEncoder {
    public static func encode<T: Encodable>(_ value: T) throws -> JSONValue {
        try box(value, at: []).json
    }

    static func box<T: Encodable>(_ value: T, at path: [any CodingKey]) throws -> Node {
        switch value {
        case let v as JSONValue: return Node(v)
        case let d as Date: return Node(.int(Int((d.timeIntervalSince1970 * 1000).rounded())))
        case let d as Data: return Node(.string(d.base64EncodedString()))
        default:
            let node = Node()
            try value.encode(to: Writer(node: node, codingPath: path))
            return node
        }
    }

    static func integer<I: BinaryInteger>(_ i: I) -> JSONValue {
        Int(exactly: i).map { .int($0) } ?? .double(Double(i))
    }

    /// A value under construction: containers hand out references so nested writes land in place.
    final class Node {
        var value: JSONValue
        var fields: [String: Node]?
        var items: [Node]?

        init(_ value: JSONValue = .null) { self.value = value }

        var json: JSONValue {
            if let fields { return .object(fields.mapValues(\.json)) }
            if let items { return .array(items.map(\.json)) }
            return value
        }

        /// Makes this node hold what `other` holds (a single-value container encoding a whole record).
        func take(_ other: Node) {
            value = other.value; fields = other.fields; items = other.items
        }
    }

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int?
        init(stringValue: String) { self.stringValue = stringValue }
        init(intValue: Int) { self.stringValue = String(intValue); self.intValue = intValue }
    }

    struct Writer: Encoder {
        let node: Node
        var codingPath: [any CodingKey]
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        func container<K: CodingKey>(keyedBy type: K.Type) -> KeyedEncodingContainer<K> {
            if node.fields == nil { node.fields = [:]; node.items = nil }
            return KeyedEncodingContainer(Keyed<K>(node: node, codingPath: codingPath))
        }

        func unkeyedContainer() -> any UnkeyedEncodingContainer {
            if node.items == nil { node.items = []; node.fields = nil }
            return Unkeyed(node: node, codingPath: codingPath)
        }

        func singleValueContainer() -> any SingleValueEncodingContainer { Single(node: node, codingPath: codingPath) }
    }

    struct Keyed<K: CodingKey>: KeyedEncodingContainerProtocol {
        let node: Node
        var codingPath: [any CodingKey]

        func put(_ v: JSONValue, _ key: K) { node.fields![key.stringValue] = Node(v) }

        mutating func encodeNil(forKey key: K) throws { put(.null, key) }
        mutating func encode(_ value: Bool, forKey key: K) throws { put(.bool(value), key) }
        mutating func encode(_ value: String, forKey key: K) throws { put(.string(value), key) }
        mutating func encode(_ value: Double, forKey key: K) throws { put(.double(value), key) }
        mutating func encode(_ value: Float, forKey key: K) throws { put(.double(Double(value)), key) }
        mutating func encode(_ value: Int, forKey key: K) throws { put(.int(value), key) }
        mutating func encode(_ value: Int8, forKey key: K) throws { put(integer(value), key) }
        mutating func encode(_ value: Int16, forKey key: K) throws { put(integer(value), key) }
        mutating func encode(_ value: Int32, forKey key: K) throws { put(integer(value), key) }
        mutating func encode(_ value: Int64, forKey key: K) throws { put(integer(value), key) }
        mutating func encode(_ value: UInt, forKey key: K) throws { put(integer(value), key) }
        mutating func encode(_ value: UInt8, forKey key: K) throws { put(integer(value), key) }
        mutating func encode(_ value: UInt16, forKey key: K) throws { put(integer(value), key) }
        mutating func encode(_ value: UInt32, forKey key: K) throws { put(integer(value), key) }
        mutating func encode(_ value: UInt64, forKey key: K) throws { put(integer(value), key) }

        mutating func encode<T: Encodable>(_ value: T, forKey key: K) throws {
            node.fields![key.stringValue] = try box(value, at: codingPath + [key])
        }

        mutating func nestedContainer<N: CodingKey>(keyedBy type: N.Type, forKey key: K) -> KeyedEncodingContainer<N> {
            let child = Node()
            node.fields![key.stringValue] = child
            return Writer(node: child, codingPath: codingPath + [key]).container(keyedBy: N.self)
        }

        mutating func nestedUnkeyedContainer(forKey key: K) -> any UnkeyedEncodingContainer {
            let child = Node()
            node.fields![key.stringValue] = child
            return Writer(node: child, codingPath: codingPath + [key]).unkeyedContainer()
        }

        mutating func superEncoder() -> any Encoder { superEncoder(forKey: K(stringValue: "super")!) }

        mutating func superEncoder(forKey key: K) -> any Encoder {
            let child = Node()
            node.fields![key.stringValue] = child
            return Writer(node: child, codingPath: codingPath + [key])
        }
    }

    /// The primitive writes of the unkeyed and single-value containers, which differ only in `put`.
    protocol Putting {
        func put(_ v: JSONValue)
    }

    struct Unkeyed: UnkeyedEncodingContainer, Putting {
        let node: Node
        var codingPath: [any CodingKey]
        var count: Int { node.items!.count }

        func put(_ v: JSONValue) { node.items!.append(Node(v)) }

        mutating func encode<T: Encodable>(_ value: T) throws {
            node.items!.append(try box(value, at: codingPath + [Key(intValue: count)]))
        }

        mutating func nestedContainer<N: CodingKey>(keyedBy type: N.Type) -> KeyedEncodingContainer<N> {
            let child = Node()
            let path = codingPath + [Key(intValue: count)]
            node.items!.append(child)
            return Writer(node: child, codingPath: path).container(keyedBy: N.self)
        }

        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            let child = Node()
            let path = codingPath + [Key(intValue: count)]
            node.items!.append(child)
            return Writer(node: child, codingPath: path).unkeyedContainer()
        }

        mutating func superEncoder() -> any Encoder {
            let child = Node()
            let path = codingPath + [Key(intValue: count)]
            node.items!.append(child)
            return Writer(node: child, codingPath: path)
        }
    }

    struct Single: SingleValueEncodingContainer, Putting {
        let node: Node
        var codingPath: [any CodingKey]

        func put(_ v: JSONValue) { node.take(Node(v)) }

        mutating func encode<T: Encodable>(_ value: T) throws { node.take(try box(value, at: codingPath)) }
    }
}

extension JSONValueEncoder.Putting {
    func encodeNil() throws { put(.null) }
    func encode(_ value: Bool) throws { put(.bool(value)) }
    func encode(_ value: String) throws { put(.string(value)) }
    func encode(_ value: Double) throws { put(.double(value)) }
    func encode(_ value: Float) throws { put(.double(Double(value))) }
    func encode(_ value: Int) throws { put(.int(value)) }
    func encode(_ value: Int8) throws { put(JSONValueEncoder.integer(value)) }
    func encode(_ value: Int16) throws { put(JSONValueEncoder.integer(value)) }
    func encode(_ value: Int32) throws { put(JSONValueEncoder.integer(value)) }
    func encode(_ value: Int64) throws { put(JSONValueEncoder.integer(value)) }
    func encode(_ value: UInt) throws { put(JSONValueEncoder.integer(value)) }
    func encode(_ value: UInt8) throws { put(JSONValueEncoder.integer(value)) }
    func encode(_ value: UInt16) throws { put(JSONValueEncoder.integer(value)) }
    func encode(_ value: UInt32) throws { put(JSONValueEncoder.integer(value)) }
    func encode(_ value: UInt64) throws { put(JSONValueEncoder.integer(value)) }
}
