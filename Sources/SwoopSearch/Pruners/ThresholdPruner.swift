/// Optuna's `ThresholdPruner`: at each checkpoint step a trial whose value at its last step is
/// NaN, below `lower` or above `upper` is pruned, whatever the goal.
public struct ThresholdPruner: Pruner {
    public let lower: Double
    public let upper: Double
    public let nWarmupSteps: Int
    public let intervalSteps: Int

    public init(lower: Double? = nil, upper: Double? = nil, nWarmupSteps: Int = 0, intervalSteps: Int = 1) throws(SearchError) {
        guard lower != nil || upper != nil else { throw SearchError("Either lower or upper must be specified.") }
        let lo = lower ?? -.infinity, hi = upper ?? .infinity
        guard !lo.isNaN, !hi.isNaN else { throw SearchError("lower and upper must be numbers, not NaN.") }
        guard lo <= hi else { throw SearchError("lower should be smaller than upper.") }
        guard nWarmupSteps >= 0 else {
            throw SearchError("Number of warmup steps cannot be negative but got \(nWarmupSteps).")
        }
        guard intervalSteps >= 1 else {
            throw SearchError("Pruning interval steps must be at least 1 but got \(intervalSteps).")
        }
        self.lower = lo
        self.upper = hi
        self.nWarmupSteps = nWarmupSteps
        self.intervalSteps = intervalSteps
    }

    public func shouldPrune(trial number: Int, in context: SearchContext) -> Bool {
        guard let trial = context.trial(numbered: number) else { return false }
        let values = IntermediateValues(trial.reports)
        guard let step = values.lastStep, step >= nWarmupSteps,
              PruningMath.isFirstInIntervalStep(step, steps: values.values.keys, warmupSteps: nWarmupSteps,
                                                intervalSteps: intervalSteps),
              let latest = values[step]
        else { return false }
        return latest.isNaN || latest < lower || latest > upper
    }
}
