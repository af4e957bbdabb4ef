import SwoopModel

/// Log offset rules shared by both stores: logs only grow at their end, and a resent chunk is recognised.
enum LogRules {
    /// The new end offset when `text` must be stored, nil when nothing is to be written (empty or resent chunk).
    /// `stored` is the chunk already at `offset` (read only when `offset` is inside the log).
    static func check(run: RunID, offset: Int64, text: String, size: Int64, stored: String?) throws -> Int64? {
        guard offset >= 0 else { throw StoreError.invalid(field: "offset", reason: "must be >= 0") }
        if offset == size { return text.isEmpty ? nil : size + Int64(text.utf8.count) }
        if offset > size {
            throw StoreError.invalid(field: "offset", reason: "log of run '\(run)' has \(size) bytes; a chunk at \(offset) would leave a gap")
        }
        if stored == text { return nil }
        throw StoreError.conflict(kind: "run", id: run.rawValue, reason: "log already has different text at offset \(offset) (size \(size))")
    }

    static func page(_ rows: [SQLRow], from offset: Int64) throws -> LogPage {
        let chunks = try rows.map { LogChunk(offset: try $0.int64(0), text: try $0.string(1)) }
        return LogPage(chunks: chunks, nextOffset: chunks.last?.endOffset ?? offset)
    }
}
