import Foundation
import SwoopModel

/// The `--json` form of command output: the API's own JSON shapes (dates as milliseconds), indented.
enum JSONOutput {
    static func print<T: Encodable>(_ value: T) throws {
        let encoder = APICoding.makeEncoder()
        encoder.outputFormatting.insert(.prettyPrinted)
        Stdout.line(String(decoding: try encoder.encode(value), as: UTF8.self))
    }
}
