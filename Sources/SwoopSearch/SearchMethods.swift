import SwoopConfig

/// Builds the search method and early termination a sweep configuration names; the one place that
/// maps configuration to implementation, so `swoop optimize` and the scheduler behave the same.
public enum SearchMethods {
    public static func sampler(for config: SweepConfig) throws(SearchError) -> any Sampler {
        switch config.method {
        case .grid:
            _ = try GridSampler.gridSize(config.space)
            return GridSampler()
        case .random:
            return RandomSampler()
        case .bayes:
            guard let metric = config.metric else {
                throw SearchError("Bayesian search requires \"metric\" section")
            }
            return try BayesSampler(space: config.space, metric: metric)
        case .custom:
            throw SearchError("method custom is decided by a custom scheduler (scheduler.job); swoop optimize runs grid, random and bayes")
        }
    }

    public static func pruner(for config: SweepConfig) throws(SearchError) -> (any Pruner)? {
        guard let spec = config.earlyTerminate else { return nil }
        return try HyperbandPruner(spec, metric: config.metric)
    }

    /// A study for the configuration's method and early termination, seeded.
    public static func study(for config: SweepConfig, seed: UInt64) throws(SearchError) -> Study {
        Study(config: config, seed: seed, sampler: try sampler(for: config), pruner: try pruner(for: config))
    }
}
