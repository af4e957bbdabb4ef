import SwoopConfig
import SwoopModel
@testable import SwoopSearch

/// Hand-built trial histories for the Optuna pruner tests.
enum History {
    /// A trial reporting `values` at steps `start`, `start + 1`, ...; a finished trial's final value
    /// is its last report.
    static func trial(_ number: Int, _ state: TrialState, _ values: [Double], start: Int = 0) -> Trial {
        let reports = values.enumerated().map { Report(step: start + $0.offset, value: $0.element) }
        return Trial(number: number, values: [], state: state,
                     value: state == .finished ? values.last : nil, reports: reports)
    }

    /// A trial with reports at explicit steps, in the order given.
    static func trial(_ number: Int, _ state: TrialState, steps: [(Int, Double)]) -> Trial {
        Trial(number: number, values: [], state: state, value: state == .finished ? steps.last?.1 : nil,
              reports: steps.map { Report(step: $0.0, value: $0.1) })
    }

    static func context(_ trials: [Trial], goal: Goal = .minimize) -> SearchContext {
        SearchContext(space: SearchSpace(parameters: []), metric: MetricSpec(name: "loss", goal: goal), trials: trials)
    }

    /// The same histories with every value negated, for the maximize mirror of a minimize case.
    static func mirrored(_ trials: [Trial]) -> [Trial] {
        trials.map { t in
            var m = t
            m.reports = t.reports.map { Report(step: $0.step, value: -$0.value) }
            m.value = t.value.map { -$0 }
            return m
        }
    }

    /// The decision for the last trial of `trials`, the one that just reported.
    static func prunesLast(_ pruner: some Pruner, _ trials: [Trial], goal: Goal = .minimize) -> Bool {
        pruner.shouldPrune(trial: trials.last!.number, in: context(trials, goal: goal))
    }

    /// The decision after each report of the last trial, consulting the pruner as `Study.report` does.
    static func decisionsAlong(_ pruner: some Pruner, others: [Trial], last: Trial, goal: Goal = .minimize) -> [Bool] {
        (1...last.reports.count).map { n in
            var t = last
            t.reports = Array(last.reports.prefix(n))
            return pruner.shouldPrune(trial: t.number, in: context(others + [t], goal: goal))
        }
    }
}
