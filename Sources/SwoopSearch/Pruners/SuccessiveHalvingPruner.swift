import SwoopConfig

/// Optuna's `SuccessiveHalvingPruner` (asynchronous successive halving): rung k is reached at step
/// `minResource · reductionFactor^(minEarlyStoppingRate + k)`, and a trial reaching a rung goes on
/// only if its value there is among the best 1/reductionFactor of every trial's value at that rung.
///
/// Optuna writes each rung's value into the trial's system attributes as the pruner runs; Swoop
/// derives them from the reports instead (`rungValues`, `recordedRungs`), so the decision is a
/// pure function of the history and survives a scheduler restart.
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

    /// A trial's value at each rung it has reached, rung 0 first, as Optuna records them when it is
    /// asked after every report and the trial goes on: after each accepted report, every rung the
    /// last step reaches takes the value at the last step, unless that value is NaN (Optuna prunes
    /// then without recording).
    public func rungValues(_ accepted: [Report], minResource: Int) -> [Double] {
        derivedRungs(accepted, minResource: minResource).rungs
    }

    /// `rungValues`, how many of those rungs were recorded before the last report, and the last
    /// step, in one pass. With no step repeated, a report either raises the last step (and brings
    /// its value) or leaves both alone, so no dictionary is needed.
    func derivedRungs(_ accepted: [Report], minResource: Int) -> (rungs: [Double], beforeLast: Int, lastStep: Int) {
        var rungs: [Double] = []
        var beforeLast = 0
        var lastStep = -1
        var value = Double.nan
        for report in accepted {
            beforeLast = rungs.count
            guard report.step > lastStep else { continue }
            lastStep = report.step
            value = report.value
            guard !value.isNaN else { continue }
            while let promotion = promotionStep(rung: rungs.count, minResource: minResource), lastStep >= promotion {
                rungs.append(value)
            }
        }
        return (rungs, beforeLast, lastStep)
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
        let own = rungValues(earlier, minResource: resource)
        let others = competitors.filter { $0.number != trial.number }
        let rivals = RungTable(recordedRungs(others, besides: own, minResource: resource), goal: goal)
        return judge(step: step, value: value, fromRung: own.count, minResource: resource, rivals: rivals, own: []).pruned
    }

    /// What the other trials recorded. A trial that reported again after a report was promoted at
    /// every rung that report reached (it would have stopped otherwise), and so was a trial that
    /// completed, failed or crashed after its last report. A running or stopped trial may have
    /// been pruned at its last report: Optuna then recorded only up to the rung it failed, which
    /// is found by judging that report against everyone else's rungs.
    func recordedRungs(_ others: [Trial], besides own: [Double], minResource: Int) -> [[Double]] {
        let derived = others.map {
            derivedRungs(IntermediateValues.acceptedReports($0.reports), minResource: minResource)
        }
        let everyone = RungTable(derived.map(\.rungs) + [own], goal: goal)
        return others.indices.map { i in
            let (reached, before, step) = derived[i]
            // A last report that reached a rung recorded the value at the trial's last step there.
            guard [.running, .pending, .stopped].contains(others[i].state), reached.count > before else { return reached }
            let kept = judge(step: step, value: reached[before], fromRung: before, minResource: minResource,
                             rivals: everyone, own: reached).recorded
            return Array(reached.prefix(before + kept))
        }
    }

    /// Optuna's loop for one call: while `step` reaches the next rung, a NaN prunes (recording
    /// nothing), else the value is recorded there and the trial goes on only if more than
    /// `bootstrapCount` trials reached the rung and it is promotable. Returns how many rungs were
    /// recorded and whether the trial was pruned.
    func judge(step: Int, value: Double, fromRung start: Int, minResource: Int, rivals: RungTable,
               own: [Double]) -> (recorded: Int, pruned: Bool) {
        var rung = start
        while let promotion = promotionStep(rung: rung, minResource: minResource), step >= promotion {
            if value.isNaN { return (rung - start, true) }
            let (count, better) = rivals.standing(of: value, rung: rung, own: rung < own.count ? own[rung] : nil)
            // The trial's own value is among the competitors, hence the `+ 1`.
            if count + 1 <= bootstrapCount { return (rung - start + 1, true) }
            if !Self.isPromotable(better: better, competitors: count + 1, reductionFactor: reductionFactor) {
                return (rung - start + 1, true)
            }
            rung += 1
        }
        return (rung - start, false)
    }

    /// Optuna's `_is_trial_promotable_to_next_rung`: among the best `competitors / reductionFactor`
    /// (at least the very best), counting the trial itself; `better` is how many others beat it.
    /// Optuna sorts the values and compares with the one at that index, which is the same test.
    public static func isPromotable(better: Int, competitors: Int, reductionFactor: Int) -> Bool {
        better <= Swift.max(competitors / reductionFactor - 1, 0)
    }
}
