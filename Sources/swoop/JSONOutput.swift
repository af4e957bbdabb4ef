import Foundation
import SwoopModel

/// The `--json` form of command output: the API's own JSON shapes (dates as milliseconds), indented.
enum JSONOutput {
    static func print<T: Encodable>(_ value: T) throws {
        Stdout.line(String(decoding: try APICoding.encode(value, pretty: true), as: UTF8.self))
    }
}
