import Foundation
import SwoopModel
import SwoopStore

/// Runs' summaries completed with their last logged values (W&B's default summary): runs that report
/// through `@swoop` lines have metrics but no summary, and the sweep page ranks runs by summary. Values of
/// ended runs are kept (they cannot change), so a live page reads each ended run's history once.
actor RunSummaries {
    private var ended: [RunID: [String: JSONValue]] = [:]
    private let store: any Store
    private let limit: Int

    init(store: any Store, limit: Int = 200_000) {
        self.store = store
        self.limit = limit
    }

    /// `runs` with each of `keys` missing from a summary filled from the run's metric history.
    func completed(_ runs: [Run], keys: [String]) async throws -> [Run] {
        guard !keys.isEmpty else { return runs }
        var out = runs
        for i in out.indices {
            let run = out[i]
            let missing = keys.filter { SummaryPath.value(run.summary, $0) == nil }
            guard !missing.isEmpty, run.state != .queued else { continue }
            let last: [String: JSONValue]
            if let known = ended[run.id] {
                last = known
            } else {
                last = try await lastValues(run.id)
                if run.state.isTerminal, ended.count < limit { ended[run.id] = last }
            }
            var summary = run.summary.objectValue ?? [:]
            for key in missing { if let v = last[key] { summary[key] = v } }
            out[i].summary = .object(summary)
        }
        return out
    }

    private nonisolated func lastValues(_ run: RunID) async throws -> [String: JSONValue] {
        let store = self.store
        let points = try await Pages.drain { c in
            let page = try await store.metrics(run: run, since: c, limit: 10_000)
            return (page.points, page.nextCursor)
        }.items
        var last: [String: JSONValue] = [:]
        for p in points { for (k, v) in p.values { last[k] = v } }
        return last
    }
}
