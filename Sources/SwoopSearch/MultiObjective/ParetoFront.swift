import SwoopConfig

/// The non-dominated finished trials of a sweep: what `swoop optimize` answers to `front`, and
/// the type the server's API will return for a sweep's Pareto front (pure, built from trials or
/// from stored runs' numbers and objective values).
public struct ParetoFront: Sendable, Hashable {
    /// One member of the front: a trial (run) number and its objective values, in `metrics` order.
    public struct Member: Sendable, Hashable {
        public var trial: Int
        public var values: [Double]

        public init(trial: Int, values: [Double]) {
            self.trial = trial
            self.values = values
        }
    }

    /// Each objective's direction, in `metrics` order.
    public let goals: [Goal]
    /// Non-dominated members in ascending trial order; equal vectors are all kept.
    public let members: [Member]

    /// The front of the candidates that have one finite value per goal; others are ignored.
    public init(candidates: [Member], goals: [Goal]) {
        self.goals = goals
        let usable = candidates.filter { $0.values.count == goals.count && $0.values.allSatisfy(\.isFinite) }
            .sorted { $0.trial < $1.trial }
        members = NonDominatedSorting.firstFront(usable.map(\.values), goals: goals).map { usable[$0] }
    }

    /// The front of finished trials' objective vectors (`Trial.objectives`).
    public init(trials: [Trial], metrics: [MetricSpec]) {
        let candidates = trials.compactMap { t -> Member? in
            guard t.state == .finished, let v = t.objectives else { return nil }
            return Member(trial: t.number, values: v)
        }
        self.init(candidates: candidates, goals: metrics.map(\.goal))
    }

    public var trialNumbers: [Int] { members.map(\.trial) }
}
