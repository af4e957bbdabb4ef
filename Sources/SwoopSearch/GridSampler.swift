import SwoopConfig
import SwoopModel

/// W&B's `grid` method: the first point of the grid no trial has taken yet (pending, failed and
/// every other state count), nil when all are taken.
public struct GridSampler: Sampler {
    /// The grid of the last space seen, so a long sweep does not rebuild lookup tables per ask.
    private var cached: Grid?

    public init() {}

    /// Number of points in the grid of a space (constants count once), for progress reporting.
    public static func gridSize(_ space: SearchSpace) throws(SearchError) -> Int {
        try Grid(space).size
    }

    public mutating func propose(_ context: SearchContext, rng: inout SeededRandom) throws(SearchError) -> Proposal? {
        let grid: Grid
        if let cached, cached.space == context.space {
            grid = cached
        } else {
            grid = try Grid(context.space)
            cached = grid
        }
        var taken = Set<Int>(minimumCapacity: context.trials.count)
        for trial in context.trials {
            if let n = grid.number(of: trial.values) { taken.insert(n) }
        }
        // Points below the answer are all taken, so this loop runs at most |taken| + 1 times.
        var n = 0
        while n < grid.size, taken.contains(n) { n += 1 }
        guard n < grid.size else { return nil }
        return Proposal(values: grid.point(n))
    }
}
