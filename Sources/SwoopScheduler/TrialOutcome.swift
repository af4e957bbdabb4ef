import SwoopSearch

/// How a trial ended, as the loop read it from its run.
public struct TrialOutcome: Sendable, Hashable {
    /// `finished`, `failed`, `crashed` or `stopped` (early termination, cancel).
    public var state: TrialState
    /// The objective: the run's summary value of `metric.name`, else its last logged value.
    public var value: Double?
    /// Several objectives (`metrics:`), in order; nil unless every one was found.
    public var objectives: [Double]?

    public init(state: TrialState, value: Double? = nil, objectives: [Double]? = nil) {
        self.state = state; self.value = value; self.objectives = objectives
    }
}
