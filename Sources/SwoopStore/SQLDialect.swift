import Foundation

/// The two SQL dialects; statements are written once with `?` placeholders and `{...}` slots.
enum SQLDialect: Sendable {
    case sqlite, postgres

    /// Fills the slots and, for PostgreSQL, numbers the placeholders `$1, $2, ...`.
    /// Statements never contain `?` inside string literals, so a plain scan is exact.
    func render(_ sql: String) -> String {
        var s = sql
        switch self {
        case .sqlite:
            s = s.replacingOccurrences(of: "{SEQ}", with: "INTEGER PRIMARY KEY")
            s = s.replacingOccurrences(of: "{BLOB}", with: "BLOB")
            s = s.replacingOccurrences(of: "{FOR_UPDATE}", with: "")
            s = s.replacingOccurrences(of: "{SKIP_LOCKED}", with: "")
            s = s.replacingOccurrences(of: "{WITHOUT_ROWID}", with: " WITHOUT ROWID")
            return s
        case .postgres:
            s = s.replacingOccurrences(of: "{SEQ}", with: "BIGSERIAL PRIMARY KEY")
            s = s.replacingOccurrences(of: "{BLOB}", with: "BYTEA")
            s = s.replacingOccurrences(of: "{FOR_UPDATE}", with: " FOR UPDATE")
            s = s.replacingOccurrences(of: "{SKIP_LOCKED}", with: " FOR UPDATE SKIP LOCKED")
            s = s.replacingOccurrences(of: "{WITHOUT_ROWID}", with: "")
            var out = ""
            out.reserveCapacity(s.utf8.count + 16)
            var n = 0
            for ch in s {
                if ch == "?" {
                    n += 1
                    out += "$\(n)"
                } else {
                    out.append(ch)
                }
            }
            return out
        }
    }
}
