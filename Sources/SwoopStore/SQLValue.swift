import Foundation
import SwoopModel

/// A value bound to or read from SQL, the common ground of GRDB and PostgresNIO.
enum SQLValue: Sendable, Equatable {
    case null
    case int(Int64)
    case double(Double)
    case text(String)
    case blob([UInt8])

    init(_ s: String?) { self = s.map { .text($0) } ?? .null }
    init(_ i: Int?) { self = i.map { .int(Int64($0)) } ?? .null }
    init(_ i: Int64?) { self = i.map { .int($0) } ?? .null }
    init(_ b: Bool) { self = .int(b ? 1 : 0) }
    init(_ d: Date?) { self = d.map { .int(SQLValue.millis($0)) } ?? .null }
    init(_ j: JSONValue) { self = .text(JSONText.render(j)) }
    init<K>(_ id: Identifier<K>?) { self = id.map { .text($0.rawValue) } ?? .null }

    /// Timestamps are stored as integer milliseconds since 1970: the same in both databases and sortable.
    static func millis(_ d: Date) -> Int64 { Int64((d.timeIntervalSince1970 * 1000).rounded()) }
}
