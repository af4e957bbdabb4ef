import SwoopConfig

/// Builds the search method and early termination a sweep configuration names; the one place that
/// maps configuration to implementation, so `swoop optimize` and the scheduler behave the same.
public enum SearchMethods {
    /// Several objectives (`metrics:`) go to the multi-objective samplers (QMC too: it never looks
    /// at results); otherwise `scheduler.settings.sampler` when given, else `method`. The seed is the
    /// study's, for samplers that draw one randomization for the whole study (QMC scrambling, CMA-ES restarts).
    public static func sampler(for config: SweepConfig, seed: UInt64 = 0) throws(SearchError) -> any Sampler {
        if config.metrics != nil, case .qmc(let s)? = config.sampler {
            return try QMCSampler(space: config.space, settings: s, seed: seed)
        }
        if config.metrics != nil { return try multiObjectiveSampler(for: config) }
        try refuseMultiObjectiveOnly(config)
        if let settings = config.sampler {
            return try sampler(settings, for: config, seed: seed)
        }
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
            throw SearchError("method custom needs scheduler.settings.sampler (type: \(SamplerSettings.supportedTypes.joined(separator: ", "))) to run on Swoop's built-in scheduler, or a custom scheduler in scheduler.job")
        }
    }

    /// The Optuna-style sampler the settings name, for the configuration's space and metric.
    public static func sampler(_ settings: SamplerSettings, for config: SweepConfig, seed: UInt64) throws(SearchError) -> any Sampler {
        if settings.needsMetric, config.metric == nil {
            throw SearchError("\(settings.typeName) requires \"metric\" section")
        }
        switch settings {
        case .tpe(let s):
            return TPESampler(space: config.space, metric: config.metric!, settings: s)
        case .random:
            return RandomSampler()
        case .grid:
            _ = try GridSampler.gridSize(config.space)
            return GridSampler()
        case .qmc(let s):
            return try QMCSampler(space: config.space, settings: s, seed: seed)
        case .cmaEs(let s):
            return CmaEsSampler(space: config.space, metric: config.metric!, settings: s, seed: seed)
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
        Study(config: config, seed: seed, sampler: try sampler(for: config, seed: seed), pruner: try pruner(for: config, seed: seed))
    }
}
