import SwoopModel

/// Moves values between their Codable types and `JSONValue` with the API's conventions.
enum JSONConversion {
    static func convert<T: Decodable>(_ value: some Encodable, to: T.Type) throws -> T {
        try APICoding.makeDecoder().decode(T.self, from: try APICoding.makeEncoder().encode(value))
    }
}
