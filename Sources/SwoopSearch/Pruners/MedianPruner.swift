import SwoopConfig

/// Optuna's `MedianPruner`: the percentile pruner at the 50th percentile, so a trial whose best
/// value so far is worse than the median of completed trials at the same step is pruned.
public struct MedianPruner: Pruner {
    public let percentilePruner: PercentilePruner

    public init(nStartupTrials: Int = 5, nWarmupSteps: Int = 0, intervalSteps: Int = 1, nMinTrials: Int = 1,
                goal: Goal) throws(SearchError) {
        percentilePruner = try PercentilePruner(percentile: 50, nStartupTrials: nStartupTrials, nWarmupSteps: nWarmupSteps,
                                                intervalSteps: intervalSteps, nMinTrials: nMinTrials, goal: goal)
    }

    public func shouldPrune(trial number: Int, in context: SearchContext) -> Bool {
        percentilePruner.shouldPrune(trial: number, in: context)
    }
}
