import SwoopModel

/// What `swoop sweep status` shows, read from a sweep and the scheduler's saved state.
public struct SchedulerStatus: Sendable, Hashable {
    public var state: SweepState
    public var runs: Int
    /// run_cap, or the grid's size, when the sweep has a known end.
    public var total: Int?
    public var byState: [String: Int]
    public var best: Double?
    public var bestRun: String?
    public var bestConfig: JSONValue?
    public var doneReason: String?
    public var failure: String?

    public init(sweep: Sweep, runs: [Run], metric: String?, maximize: Bool, total: Int?) {
        state = sweep.state
        self.runs = runs.count
        self.total = total
        byState = Dictionary(grouping: runs, by: { $0.state.rawValue }).mapValues(\.count)
        let book = try? SchedulerBook.document(sweep.schedulerState)
        doneReason = book?.doneReason
        failure = book?.failure
        // Format 2 keeps trials as rows and the best one in the document.
        for r in (book?.trials ?? []) + [book?.bestTrial].compactMap({ $0 }) {
            guard let b = r.best else { continue }
            if let current = best, maximize ? b <= current : b >= current { continue }
            best = b; bestRun = r.runID?.rawValue ?? r.name; bestConfig = r.config
        }
        if best == nil, let metric {
            // A custom scheduler's state has no trial records: read the runs' summaries.
            for r in runs {
                guard let b = r.summary[metric]?.number, b.isFinite else { continue }
                if let current = best, maximize ? b <= current : b >= current { continue }
                best = b; bestRun = r.id.rawValue; bestConfig = r.config
            }
        }
    }

    /// Human-readable lines.
    public var lines: [String] {
        var out = ["state: \(state.rawValue)"]
        if let total { out.append("progress: \(runs)/\(total) runs") } else { out.append("runs: \(runs)") }
        if !byState.isEmpty {
            out.append("by state: " + byState.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        }
        if let best {
            out.append("best: \(JSONText.renderNumber(best)) (run \(bestRun ?? "?")) \(bestConfig.map { JSONText.render($0) } ?? "")")
        }
        if let doneReason { out.append("ends because: \(doneReason)") }
        if let failure { out.append("failed: \(failure)") }
        return out
    }
}
