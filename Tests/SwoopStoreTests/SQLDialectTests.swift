import Foundation
import Testing

@testable import SwoopStore

@Suite("SQL dialect rendering")
struct SQLDialectTests {
    @Test("SQLite fills slots and keeps ? placeholders")
    func sqlite() {
        let sql = "CREATE TABLE t (id {SEQ}, b {BLOB}){WITHOUT_ROWID}; SELECT * FROM t WHERE id = ?{FOR_UPDATE}{SKIP_LOCKED}"
        #expect(SQLDialect.sqlite.render(sql)
            == "CREATE TABLE t (id INTEGER PRIMARY KEY, b BLOB) WITHOUT ROWID; SELECT * FROM t WHERE id = ?")
    }

    @Test("PostgreSQL fills slots and numbers placeholders in order")
    func postgres() {
        let sql = "SELECT * FROM t WHERE a = ? AND b IN (?, ?) ORDER BY c LIMIT ?{SKIP_LOCKED}"
        #expect(SQLDialect.postgres.render(sql)
            == "SELECT * FROM t WHERE a = $1 AND b IN ($2, $3) ORDER BY c LIMIT $4 FOR UPDATE SKIP LOCKED")
        let many = Array(repeating: "?", count: 12).joined(separator: ",")
        #expect(SQLDialect.postgres.render(many) == (1...12).map { "$\($0)" }.joined(separator: ","))
        #expect(SQLDialect.postgres.render("x {BLOB} {SEQ}{FOR_UPDATE}{WITHOUT_ROWID}") == "x BYTEA BIGSERIAL PRIMARY KEY FOR UPDATE")
    }

    @Test("braces that are not slots, and non-ASCII text, are left as written")
    func literals() {
        let sql = "INSERT INTO t VALUES ('{}', '{\"a\": 1}', '{SEQ', 'é→{x}', ?)"
        #expect(SQLDialect.sqlite.render(sql) == sql)
        #expect(SQLDialect.postgres.render(sql) == "INSERT INTO t VALUES ('{}', '{\"a\": 1}', '{SEQ', 'é→{x}', $1)")
        #expect(SQLDialect.sqlite.render("SELECT 1") == "SELECT 1")
        #expect(SQLDialect.postgres.render("{") == "{")
    }

    @Test("every migration statement renders as the slot-by-slot replacement it replaced")
    func sameAsBefore() {
        let statements = Migrations.all.flatMap(\.statements) + [SQL.insertMetric, SQL.queueByID, SQL.listQueues]
        #expect(statements.count > 20)
        for sql in statements {
            #expect(SQLDialect.sqlite.render(sql) == Self.replaced(sql, postgres: false))
            #expect(SQLDialect.postgres.render(sql) == Self.replaced(sql, postgres: true))
        }
    }

    /// The former implementation: Foundation replacements, then placeholder numbering.
    static func replaced(_ sql: String, postgres: Bool) -> String {
        let fills = postgres
            ? [("{SEQ}", "BIGSERIAL PRIMARY KEY"), ("{BLOB}", "BYTEA"), ("{FOR_UPDATE}", " FOR UPDATE"),
               ("{SKIP_LOCKED}", " FOR UPDATE SKIP LOCKED"), ("{WITHOUT_ROWID}", "")]
            : [("{SEQ}", "INTEGER PRIMARY KEY"), ("{BLOB}", "BLOB"), ("{FOR_UPDATE}", ""), ("{SKIP_LOCKED}", ""),
               ("{WITHOUT_ROWID}", " WITHOUT ROWID")]
        var s = sql
        for (slot, fill) in fills { s = s.replacingOccurrences(of: slot, with: fill) }
        guard postgres else { return s }
        var out = "", n = 0
        for ch in s {
            if ch == "?" { n += 1; out += "$\(n)" } else { out.append(ch) }
        }
        return out
    }
}
