/// Where each key path's key and value were written, so diagnostics can name a line and column.
struct SourceMap: Sendable {
    struct Position: Sendable, Hashable {
        var line: Int
        var column: Int
    }

    var values: [String: Position] = [:]
    var keys: [String: Position] = [:]

    /// The key's own position when `preferKey`, else the value's; falls back to the nearest
    /// ancestor so a missing key still points at the mapping that lacks it.
    func position(of path: String, preferKey: Bool) -> Position? {
        var p = path
        while true {
            let hit = preferKey ? (keys[p] ?? values[p]) : (values[p] ?? keys[p])
            if let hit { return hit }
            if p.isEmpty { return nil }
            p = KeyPath.parent(of: p)
        }
    }
}
