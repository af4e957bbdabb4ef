import SwoopConfig

/// Optuna's `PercentilePruner`: once `nStartupTrials` trials have completed, at each checkpoint
/// step (after `nWarmupSteps`, every `intervalSteps`) a trial whose best value so far is worse than
/// the given percentile of the completed trials' values at its last step is pruned.
public struct PercentilePruner: Pruner {
    public let percentile: Double
    public let nStartupTrials: Int
    public let nWarmupSteps: Int
    public let intervalSteps: Int
    public let nMinTrials: Int
    public let goal: Goal

    public init(percentile: Double, nStartupTrials: Int = 5, nWarmupSteps: Int = 0, intervalSteps: Int = 1,
                nMinTrials: Int = 1, goal: Goal) throws(SearchError) {
        guard (0...100).contains(percentile) else {
            throw SearchError("Percentile must be between 0 and 100 inclusive but got \(percentile).")
        }
        guard nStartupTrials >= 0 else {
            throw SearchError("Number of startup trials cannot be negative but got \(nStartupTrials).")
        }
        guard nWarmupSteps >= 0 else {
            throw SearchError("Number of warmup steps cannot be negative but got \(nWarmupSteps).")
        }
        guard intervalSteps >= 1 else {
            throw SearchError("Pruning interval steps must be at least 1 but got \(intervalSteps).")
        }
        guard nMinTrials >= 1 else {
            throw SearchError("Number of trials for pruning must be at least 1 but got \(nMinTrials).")
        }
        self.percentile = percentile
        self.nStartupTrials = nStartupTrials
        self.nWarmupSteps = nWarmupSteps
        self.intervalSteps = intervalSteps
        self.nMinTrials = nMinTrials
        self.goal = goal
    }

    public func shouldPrune(trial number: Int, in context: SearchContext) -> Bool {
        guard let trial = context.trial(numbered: number) else { return false }
        let completed = context.completedTrials
        guard !completed.isEmpty, completed.count >= nStartupTrials else { return false }
        let values = IntermediateValues(trial.reports)
        guard let step = values.lastStep, step >= nWarmupSteps,
              PruningMath.isFirstInIntervalStep(step, steps: values.values.keys, warmupSteps: nWarmupSteps,
                                                intervalSteps: intervalSteps)
        else { return false }
        // Optuna compares the best value over all steps, not the one at `step`; all-NaN prunes.
        let best = PruningMath.nanBest(values.values.values, goal)
        if best.isNaN { return true }
        let threshold = percentileValue(at: step, among: completed)
        if threshold.isNaN { return false }
        return goal == .maximize ? best < threshold : best > threshold
    }

    /// The percentile of the completed trials' values at `step` (mirrored when maximizing); NaN
    /// when fewer than `nMinTrials` reported that step or all of them reported NaN.
    public func percentileValue(at step: Int, among completed: [Trial]) -> Double {
        // The first report of the step is its value (see `IntermediateValues`); a scan avoids
        // building a dictionary per trial on every call.
        let atStep = completed.compactMap { t in t.reports.first { $0.step == step }?.value }
        guard atStep.count >= nMinTrials else { return .nan }
        return PruningMath.nanPercentile(atStep, goal == .maximize ? 100 - percentile : percentile)
    }
}
