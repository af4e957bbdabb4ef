import SwoopModel
import SwoopStore

/// Each watched sweep's runs, kept up to date from the store's change cursor: a page asks only for the
/// runs that changed since the last look (`runs(sweep:sinceCursor:)`), not for all of them, which for a
/// sweep of 10,000 runs was most of the sweep page's time.
actor SweepRunCache {
    private struct Entry {
        var cursor: Int64 = 0
        var runs: [RunID: Run] = [:]
    }

    private var entries: [SweepID: Entry] = [:]
    private var order: [SweepID] = []
    private let store: any Store
    private let capacity: Int
    private let maxRuns: Int

    init(store: any Store, capacity: Int = 16, maxRuns: Int = 50_000) {
        self.store = store; self.capacity = capacity; self.maxRuns = maxRuns
    }

    /// The sweep's runs, oldest first.
    func runs(of sweep: SweepID) async throws -> [Run] {
        let start = entries[sweep]?.cursor ?? 0
        let (changed, cursor) = try await read(sweep, from: start)
        var entry = entries[sweep] ?? Entry()
        if entries[sweep] == nil {
            order.append(sweep)
            if order.count > capacity { entries[order.removeFirst()] = nil }
        }
        // Another request may have merged newer changes meanwhile: a run's later change wins.
        for run in changed where (entry.runs[run.id]?.changeCursor ?? -1) < run.changeCursor { entry.runs[run.id] = run }
        entry.cursor = max(entry.cursor, cursor)
        entries[sweep] = entry
        return entry.runs.values.sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
    }

    private nonisolated func read(_ sweep: SweepID, from start: Int64) async throws -> ([Run], Int64) {
        let store = self.store
        return try await Pages.drain(from: start, max: maxRuns) { c in
            let page = try await store.runs(sweep: sweep, sinceCursor: c, limit: 1000)
            return (page.runs, page.nextCursor)
        }
    }
}
