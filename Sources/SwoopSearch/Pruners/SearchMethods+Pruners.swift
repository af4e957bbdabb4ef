import SwoopConfig

extension SearchMethods {
    /// The Optuna pruner `settings` names, judging values in `goal`'s direction; `seed` places
    /// trials in Hyperband's brackets. Throws Optuna's message for arguments out of range (the
    /// configuration validator reports those earlier, with the key path).
    public static func pruner(for settings: PrunerSettings, goal: Goal, seed: UInt64) throws(SearchError) -> any Pruner {
        switch settings {
        case .nop:
            return NopPruner()
        case .median(let startup, let warmup, let interval, let minTrials):
            return try MedianPruner(nStartupTrials: startup, nWarmupSteps: warmup, intervalSteps: interval,
                                    nMinTrials: minTrials, goal: goal)
        case .percentile(let percentile, let startup, let warmup, let interval, let minTrials):
            return try PercentilePruner(percentile: percentile, nStartupTrials: startup, nWarmupSteps: warmup,
                                        intervalSteps: interval, nMinTrials: minTrials, goal: goal)
        case .successiveHalving(let minResource, let factor, let rate, let bootstrap):
            return try SuccessiveHalvingPruner(minResource: minResource, reductionFactor: factor,
                                               minEarlyStoppingRate: rate, bootstrapCount: bootstrap, goal: goal)
        case .hyperband(let minResource, let maxResource, let factor, let bootstrap):
            return try OptunaHyperbandPruner(minResource: minResource, maxResource: maxResource, reductionFactor: factor,
                                             bootstrapCount: bootstrap, goal: goal, seed: seed)
        case .threshold(let lower, let upper, let warmup, let interval):
            return try ThresholdPruner(lower: lower, upper: upper, nWarmupSteps: warmup, intervalSteps: interval)
        case .patient(let wrapped, let patience, let minDelta):
            let inner: (any Pruner)?
            if let wrapped { inner = try pruner(for: wrapped, goal: goal, seed: seed) } else { inner = nil }
            return try PatientPruner(wrapped: inner, patience: patience, minDelta: minDelta, goal: goal)
        }
    }
}
