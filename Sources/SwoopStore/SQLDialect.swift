/// The two SQL dialects; statements are written once with `?` placeholders and `{...}` slots.
enum SQLDialect: Sendable {
    case sqlite, postgres

    /// Fills the slots and, for PostgreSQL, numbers the placeholders `$1, $2, ...`.
    /// Statements never contain `?` inside string literals, so a plain scan is exact. Every statement
    /// passes through here on every query, so this is one pass over the bytes (Foundation's
    /// `replacingOccurrences` took a sixth of the server's CPU under lease load).
    func render(_ sql: String) -> String {
        let brace = UInt8(ascii: "{"), question = UInt8(ascii: "?")
        let needsWork = sql.utf8.contains { $0 == brace || (self == .postgres && $0 == question) }
        guard needsWork else { return sql }
        let bytes = Array(sql.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 32)
        var placeholder = 0
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == brace, let (slot, end) = Self.slot(in: bytes, at: i) {
                out.append(contentsOf: fill(slot).utf8)
                i = end
                continue
            }
            if b == question && self == .postgres {
                placeholder += 1
                out.append(UInt8(ascii: "$"))
                out.append(contentsOf: String(placeholder).utf8)
            } else {
                out.append(b)
            }
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The slots a statement may hold; any other `{...}` (a JSON literal such as `'{}'`) is left as written.
    enum Slot: String, CaseIterable {
        case seq = "SEQ", blob = "BLOB", forUpdate = "FOR_UPDATE", skipLocked = "SKIP_LOCKED"
        case withoutRowID = "WITHOUT_ROWID"
    }

    /// The slot named between the `{` at `start` and the next `}`, and the index just past that `}`.
    private static func slot(in bytes: [UInt8], at start: Int) -> (Slot, Int)? {
        var j = start + 1
        while j < bytes.count, j - start <= 16 {
            if bytes[j] == UInt8(ascii: "}") {
                let name = String(decoding: bytes[(start + 1)..<j], as: UTF8.self)
                return Slot(rawValue: name).map { ($0, j + 1) }
            }
            j += 1
        }
        return nil
    }

    private func fill(_ slot: Slot) -> String {
        switch (self, slot) {
        case (.sqlite, .seq): return "INTEGER PRIMARY KEY"
        case (.sqlite, .blob): return "BLOB"
        case (.sqlite, .forUpdate), (.sqlite, .skipLocked): return ""
        case (.sqlite, .withoutRowID): return " WITHOUT ROWID"
        case (.postgres, .seq): return "BIGSERIAL PRIMARY KEY"
        case (.postgres, .blob): return "BYTEA"
        case (.postgres, .forUpdate): return " FOR UPDATE"
        case (.postgres, .skipLocked): return " FOR UPDATE SKIP LOCKED"
        case (.postgres, .withoutRowID): return ""
        }
    }
}
