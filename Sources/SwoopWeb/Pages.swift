import SwoopModel

/// Reading whole lists page by page, bounded so one page of the web app never reads without limit.
enum Pages {
    static func all<T>(max: Int = 10_000, _ fetch: (PageRequest) async throws -> Page<T>) async throws -> [T] {
        var out: [T] = []
        var request = PageRequest(limit: PageRequest.maxLimit)
        while out.count < max {
            let page = try await fetch(request)
            out += page.items
            guard let next = page.nextCursor, !page.items.isEmpty else { break }
            request = PageRequest(cursor: next, limit: PageRequest.maxLimit)
        }
        return out
    }

    /// Follows a change cursor (runs of a sweep, metrics of a run) until it stops moving or `max` items
    /// were read; returns what was read and the cursor reached.
    static func drain<T>(from start: Int64 = 0, max: Int = .max, _ fetch: (Int64) async throws -> ([T], Int64)) async throws -> (items: [T], cursor: Int64) {
        var out: [T] = []
        var cursor = start
        while out.count < max {
            let (items, next) = try await fetch(cursor)
            out += items
            if items.isEmpty || next == cursor { break }
            cursor = next
        }
        return (out, cursor)
    }
}
