import Foundation
import SwoopConfig
import SwoopModel
import SwoopSearch

/// What the sweeps list shows of one sweep, computed from its configuration and runs (pure).
struct SweepOverview: Sendable {
    var runCount: Int
    /// run_cap, or the grid's size for a grid sweep without one; nil when the sweep has no end.
    var target: Int?
    var metric: MetricSpec?
    var best: Double?
    var bestRun: RunID?
    var config: SweepConfig?

    init(sweep: Sweep, runs: [Run]) {
        let parsed = SweepConfigLoader.parse(document: sweep.config, file: nil).config
        config = parsed
        runCount = runs.count
        metric = parsed?.metric ?? parsed?.metrics?.first
        if let cap = parsed?.runCap {
            target = cap
        } else if let parsed, parsed.method == .grid {
            target = try? GridSampler.gridSize(parsed.space)
        }
        if let metric {
            for run in runs {
                guard let v = run.summary[metric.name]?.number, v.isFinite else { continue }
                if best == nil || (metric.goal == .minimize ? v < best! : v > best!) { best = v; bestRun = run.id }
            }
        }
    }

    var progress: String {
        guard let target else { return "\(runCount) runs" }
        return "\(runCount) / \(target)"
    }

    var fraction: Double? {
        guard let target, target > 0 else { return nil }
        return min(1, Double(runCount) / Double(target))
    }
}
