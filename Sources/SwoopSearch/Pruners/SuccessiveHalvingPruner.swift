import SwoopConfig

/// Optuna's `SuccessiveHalvingPruner` (asynchronous successive halving): rung k is reached at step
/// `minResource · reductionFactor^(minEarlyStoppingRate + k)`, and a trial reaching a rung goes on
/// only if its value there is among the best 1/reductionFactor of every trial's value at that rung.
///
/// Optuna writes each rung's value into the trial's system attributes as the pruner runs; Swoop
/// derives them from the reports instead (see `rungValues`), so the decision is a pure function of
/// the history and survives a scheduler restart.
public struct SuccessiveHalvingPruner: Pruner {
    public let minResource: PrunerResource
    public let reductionFactor: Int
    public let minEarlyStoppingRate: Int
    public let bootstrapCount: Int
    public let goal: Goal

    public init(minResource: PrunerResource = .auto, reductionFactor: Int = 4, minEarlyStoppingRate: Int = 0,
                bootstrapCount: Int = 0, goal: Goal) throws(SearchError) {
        if case .steps(let m) = minResource, m < 1 {
            throw SearchError("The value of `min_resource` is \(m), but must be either `min_resource >= 1` or 'auto'")
        }
        guard reductionFactor >= 2 else {
            throw SearchError("The value of `reduction_factor` is \(reductionFactor), but must be `reduction_factor >= 2`")
        }
        guard minEarlyStoppingRate >= 0 else {
            throw SearchError("The value of `min_early_stopping_rate` is \(minEarlyStoppingRate), but must be `min_early_stopping_rate >= 0`")
        }
        guard bootstrapCount >= 0 else {
            throw SearchError("The value of `bootstrap_count` is \(bootstrapCount), but must be `bootstrap_count >= 0`")
        }
        if bootstrapCount > 0, minResource == .auto {
            throw SearchError("bootstrap_count > 0 and min_resource == 'auto' are mutually incompatible, bootstrap_count is \(bootstrapCount)")
        }
        self.minResource = minResource
        self.reductionFactor = reductionFactor
        self.minEarlyStoppingRate = minEarlyStoppingRate
        self.bootstrapCount = bootstrapCount
        self.goal = goal
    }

    public func shouldPrune(trial number: Int, in context: SearchContext) -> Bool {
        guard let trial = context.trial(numbered: number) else { return false }
        return shouldPrune(trial, competitors: context.trials)
    }

    /// Optuna's `"auto"`: a hundredth of the largest last step of the completed trials (at least 1),
    /// nil while no trial has completed with a report. Optuna fixes it at the first pruning call that
    /// finds one; Swoop recomputes it from the history at every call.
    public static func estimatedMinResource(_ trials: [Trial]) -> Int? {
        let lastSteps = trials.filter { $0.state == .finished }.compactMap { IntermediateValues($0.reports).lastStep }
        return lastSteps.max().map { Swift.max($0 / 100, 1) }
    }

    /// The step at which `rung` is reached, or nil when it lies beyond any step an `Int` can hold.
    public func promotionStep(rung: Int, minResource: Int) -> Int? {
        let (exponent, overflow) = minEarlyStoppingRate.addingReportingOverflow(rung)
        return overflow ? nil : PruningMath.scaledPower(minResource, reductionFactor, exponent)
    }

    /// A trial's value at each rung it has reached, rung 0 first, as Optuna would have recorded them
    /// had it been asked after every report: after each accepted report, every rung the last step
    /// reaches takes the value at the last step, unless that value is NaN (Optuna prunes then
    /// without recording). A trial that went on after being told to prune records its later rungs
    /// one report early here; Optuna would record them at its next report.
    public func rungValues(_ accepted: [Report], minResource: Int) -> [Double] {
        var rungs: [Double] = []
        var values = IntermediateValues([])
        for report in accepted {
            values.add(report)
            guard let step = values.lastStep, let value = values[step], !value.isNaN else { continue }
            while let promotion = promotionStep(rung: rungs.count, minResource: minResource), step >= promotion {
                rungs.append(value)
            }
        }
        return rungs
    }

    /// The decision for `trial` against `competitors` (all trials, or Hyperband's bracket), which
    /// may include the trial itself.
    func shouldPrune(_ trial: Trial, competitors: [Trial]) -> Bool {
        let values = IntermediateValues(trial.reports)
        guard let step = values.lastStep, let value = values[step] else { return false }
        let resource: Int
        switch minResource {
        case .steps(let m): resource = m
        case .auto:
            guard let m = Self.estimatedMinResource(competitors) else { return false }
            resource = m
        }
        // The latest accepted report is this call's; the rungs recorded before it set the start.
        let earlier = values.lastReportAccepted ? Array(values.accepted.dropLast()) : values.accepted
        var rung = rungValues(earlier, minResource: resource).count
        let others = competitors.filter { $0.number != trial.number }
            .map { rungValues(IntermediateValues($0.reports).accepted, minResource: resource) }
        while true {
            guard let promotion = promotionStep(rung: rung, minResource: resource), step >= promotion else { return false }
            if value.isNaN { return true }
            var competing = others.compactMap { rung < $0.count ? $0[rung] : nil }
            competing.append(value)
            // Optuna prunes until more than `bootstrapCount` trials (this one included) reached the rung.
            if competing.count <= bootstrapCount { return true }
            if !Self.isPromotable(value, competing: competing, reductionFactor: reductionFactor, goal: goal) {
                return true
            }
            rung += 1
        }
    }

    /// Optuna's `_is_trial_promotable_to_next_rung`: in the best `count / reductionFactor` of the
    /// rung's values, or the very best while fewer than `reductionFactor` trials reached it.
    public static func isPromotable(_ value: Double, competing: [Double], reductionFactor: Int, goal: Goal) -> Bool {
        let index = Swift.max(competing.count / reductionFactor - 1, 0)
        let sorted = competing.sorted()
        return goal == .maximize ? value >= sorted[sorted.count - 1 - index] : value <= sorted[index]
    }
}
