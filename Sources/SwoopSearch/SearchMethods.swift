import SwoopConfig

/// Builds the search method and early termination a sweep configuration names; the one place that
/// maps configuration to implementation, so `swoop optimize` and the scheduler behave the same.
public enum SearchMethods {
    public static func sampler(for config: SweepConfig) throws(SearchError) -> any Sampler {
        if config.metrics != nil { return try multiObjectiveSampler(for: config) }
        try refuseMultiObjectiveOnly(config)
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

    /// `early_terminate` (W&B's hyperband) or else `scheduler.settings.pruner` (Optuna's pruners);
    /// the validator refuses both at once. `seed` places trials in Optuna hyperband's brackets.
    public static func pruner(for config: SweepConfig, seed: UInt64 = 0) throws(SearchError) -> (any Pruner)? {
        if let spec = config.earlyTerminate { return try HyperbandPruner(spec, metric: config.metric) }
        guard let settings = config.pruner else { return nil }
        guard let metric = config.metric else {
            throw SearchError("scheduler.settings.pruner needs \"metric\": a pruner judges the values reported for metric.name")
        }
        return try pruner(for: settings, goal: metric.goal, seed: seed)
    }

    /// A study for the configuration's method and early termination, seeded.
    public static func study(for config: SweepConfig, seed: UInt64) throws(SearchError) -> Study {
        Study(config: config, seed: seed, sampler: try sampler(for: config), pruner: try pruner(for: config, seed: seed))
    }
}
