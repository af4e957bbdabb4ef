import SwoopConfig
import SwoopModel

/// Where a trial (a run, seen by a search method) stands.
public enum TrialState: String, Sendable, Hashable, CaseIterable {
    /// Asked but not started; counts as a pending point.
    case pending
    case running
    case finished
    case failed
    case crashed
    /// Deliberately stopped (early termination, cancel); W&B calls this `killed`.
    case stopped
    case preempted

    /// Ended for good: its result (or lack of one) is final.
    public var isTerminal: Bool {
        switch self {
        case .finished, .failed, .crashed, .stopped: return true
        case .pending, .running, .preempted: return false
        }
    }
}

/// An intermediate value reported at a step (for early termination and pruners).
public struct Report: Sendable, Hashable {
    public var step: Int
    public var value: Double

    public init(step: Int, value: Double) {
        self.step = step
        self.value = value
    }
}

/// A trial as a search method sees it: its parameter values, state and metric values.
public struct Trial: Sendable, Hashable {
    public var number: Int
    /// One value per `SearchSpace.parameters` entry; nil where the run's config lacks it.
    public var values: [JSONValue?]
    public var state: TrialState
    /// The final objective value (W&B: the summary metric); nil if none was told or it was not finite.
    public var value: Double?
    /// Intermediate values in the order they were reported (W&B: the metric's history rows).
    public var reports: [Report]
    /// Multi-objective sweeps: one final value per `metrics` entry, in order; nil otherwise, and
    /// nil when the trial failed or a value was not finite.
    public var objectives: [Double]? = nil

    public init(number: Int, values: [JSONValue?], state: TrialState, value: Double? = nil, reports: [Report] = []) {
        self.number = number
        self.values = values
        self.state = state
        self.value = value
        self.reports = reports
    }

    /// The finite metric values seen: reported history, then the final value.
    public var observedValues: [Double] {
        var all = reports.map(\.value).filter(\.isFinite)
        if let value, value.isFinite { all.append(value) }
        return all
    }

    /// The best finite value in the goal's direction (W&B's `metric_extremum`), if any.
    public func best(for goal: Goal) -> Double? {
        let all = observedValues
        return goal == .minimize ? all.min() : all.max()
    }
}

/// What a method sees when it proposes: the space, the objective and every trial so far.
public struct SearchContext: Sendable {
    public var space: SearchSpace
    public var metric: MetricSpec?
    public var trials: [Trial]

    public init(space: SearchSpace, metric: MetricSpec?, trials: [Trial]) {
        self.space = space
        self.metric = metric
        self.trials = trials
    }
}

/// A proposed point, with notes for the sweep's log (for example a fallback to random).
public struct Proposal: Sendable, Hashable {
    public var values: [JSONValue]
    public var notes: [String]

    public init(values: [JSONValue], notes: [String] = []) {
        self.values = values
        self.notes = notes
    }
}

/// A search configuration that cannot be searched (the message names the parameter and the rule).
public struct SearchError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// A search method: sees the whole history (finished, failed and pending trials) and proposes
/// the next point, or nil when it has nothing left (an exhausted grid). Pure and seeded.
public protocol Sampler: Sendable {
    mutating func propose(_ context: SearchContext, rng: inout SeededRandom) throws(SearchError) -> Proposal?
}

/// Early termination: decides whether an unfinished trial should stop now, given all trials.
public protocol Pruner: Sendable {
    func shouldPrune(trial number: Int, in context: SearchContext) -> Bool
}
