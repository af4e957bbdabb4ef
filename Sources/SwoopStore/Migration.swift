/// One numbered schema change, written once for both dialects (see `SQLDialect.render`).
struct Migration: Sendable {
    let version: Int
    let name: String
    let statements: [String]
}
