import Foundation
import SwoopModel

/// One result row with typed accessors that fail loudly on a schema mismatch.
struct SQLRow: Sendable {
    var values: [SQLValue]

    private func bad(_ i: Int, _ want: String) -> StoreError {
        .backend("column \(i) is \(values.indices.contains(i) ? "\(values[i])" : "missing"), expected \(want)")
    }

    func isNull(_ i: Int) -> Bool { values[i] == .null }

    func int64(_ i: Int) throws -> Int64 {
        switch values[i] {
        case .int(let v): return v
        case .double(let d): return Int64(d)
        default: throw bad(i, "an integer")
        }
    }

    func int(_ i: Int) throws -> Int { Int(try int64(i)) }
    func bool(_ i: Int) throws -> Bool { try int64(i) != 0 }

    func string(_ i: Int) throws -> String {
        if case .text(let s) = values[i] { return s }
        throw bad(i, "text")
    }

    func optString(_ i: Int) throws -> String? { isNull(i) ? nil : try string(i) }
    func optInt(_ i: Int) throws -> Int? { isNull(i) ? nil : try int(i) }
    func date(_ i: Int) throws -> Date { Date(timeIntervalSince1970: Double(try int64(i)) / 1000) }
    func optDate(_ i: Int) throws -> Date? { isNull(i) ? nil : try date(i) }

    func id<K>(_ i: Int) throws -> Identifier<K> { Identifier(try string(i)) }
    func optID<K>(_ i: Int) throws -> Identifier<K>? { isNull(i) ? nil : Identifier(try string(i)) }

    func json(_ i: Int) throws -> JSONValue {
        let text = try string(i)
        do { return try JSONText.parse(text) } catch { throw StoreError.backend("stored JSON unreadable: \(error)") }
    }

    func optJSON(_ i: Int) throws -> JSONValue? { isNull(i) ? nil : try json(i) }

    func enumValue<E: RawRepresentable>(_ i: Int, _: E.Type = E.self) throws -> E where E.RawValue == String {
        let s = try string(i)
        guard let v = E(rawValue: s) else { throw StoreError.backend("unknown \(E.self) '\(s)' in column \(i)") }
        return v
    }

    func data(_ i: Int) throws -> Data {
        switch values[i] {
        case .blob(let b): return Data(b)
        case .text(let s): return Data(s.utf8)
        default: throw bad(i, "bytes")
        }
    }
}
