import Foundation

/// The JSON conventions of the HTTP API, shared by server and client so both read what the other writes:
/// dates are integer milliseconds since 1970 (as the store keeps them), keys sorted, a float always
/// written with a fraction or exponent (`1.0`, so readers tell it from the integer `1`), and non-finite
/// numbers written as the strings `"NaN"`, `"Infinity"`, `"-Infinity"` (which decode back to numbers).
///
/// Everything goes through `JSONValue` (`JSONValueEncoder`, `JSONText`, `JSONValueDecoder`): Foundation's
/// `JSONEncoder` writes `1.0` as `1` and its decoder cannot tell them apart.
public enum APICoding {
    public static func encode<T: Encodable>(_ value: T, pretty: Bool = false) throws -> Data {
        Data(JSONText.renderForAPI(try JSONValueEncoder.encode(value), pretty: pretty).utf8)
    }

    public static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        try JSONValueDecoder.decode(type, from: try JSONText.parse(Array(data)))
    }

    /// Converts between two Codable shapes of the same JSON (a record and `JSONValue`, say) without text.
    public static func convert<T: Decodable>(_ value: some Encodable, to type: T.Type) throws -> T {
        try JSONValueDecoder.decode(type, from: try JSONValueEncoder.encode(value))
    }
}
