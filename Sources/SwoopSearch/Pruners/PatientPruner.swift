import SwoopConfig

/// Optuna's `PatientPruner`: while the best of the last `patience + 1` steps still improves on the
/// best before them by more than `minDelta`, the trial is kept; once it does not, the wrapped
/// pruner decides (or the trial is pruned, when there is none).
public struct PatientPruner: Pruner {
    public let wrapped: (any Pruner)?
    public let patience: Int
    public let minDelta: Double
    public let goal: Goal

    public init(wrapped: (any Pruner)?, patience: Int, minDelta: Double = 0, goal: Goal) throws(SearchError) {
        guard patience >= 0 else { throw SearchError("patience cannot be negative but got \(patience).") }
        guard minDelta >= 0 else { throw SearchError("min_delta cannot be negative but got \(minDelta).") }
        self.wrapped = wrapped
        self.patience = patience
        self.minDelta = minDelta
        self.goal = goal
    }

    public func shouldPrune(trial number: Int, in context: SearchContext) -> Bool {
        guard let trial = context.trial(numbered: number) else { return false }
        let values = IntermediateValues(trial.reports)
        let steps = values.steps
        // Optuna's `steps.size <= patience + 1`, written so a huge patience cannot overflow.
        guard steps.count - 1 > patience else { return false }
        let split = steps.count - patience - 1
        let before = PruningMath.nanBest(steps[..<split].map { values[$0]! }, goal)
        let after = PruningMath.nanBest(steps[split...].map { values[$0]! }, goal)
        // NaN on either side makes both comparisons false: no evidence of stagnation.
        let stagnant = goal == .minimize ? before + minDelta < after : before - minDelta > after
        guard stagnant else { return false }
        return wrapped?.shouldPrune(trial: number, in: context) ?? true
    }
}
