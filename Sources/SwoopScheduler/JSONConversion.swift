import Foundation
import SwoopModel

/// Moves values between their Codable types and `JSONValue` with the API's conventions.
///
/// Text in between is read with `JSONText`, never by decoding `JSONValue` through `JSONDecoder`:
/// that decoder finds a value's kind by trying each in turn (a thrown error per miss), which made
/// every save of a large state cost tens of milliseconds in debug builds.
enum JSONConversion {
    static let encoder = APICoding.makeEncoder()
    static let decoder = APICoding.makeDecoder()

    static func convert<T: Decodable>(_ value: some Encodable, to: T.Type) throws -> T {
        try decoder.decode(T.self, from: try encoder.encode(value))
    }

    static func json(_ value: some Encodable) throws -> JSONValue {
        try JSONText.parse(Array(try encoder.encode(value)))
    }
}
