import SwoopConfig
import SwoopModel

/// Multi-objective sweeps (`metrics:`): tells carry one value per objective, the answer is a front.
extension Study {
    /// Records one final value per objective, in `metrics` order; any non-finite value means the
    /// trial failed (as a non-finite single value does).
    public mutating func tell(_ number: Int, values: [Double]) throws(UsageError) {
        guard let metrics = config.metrics else {
            let name = config.metric.map { "metric \($0.name)" } ?? "no metric"
            throw UsageError("\"values\" is for sweeps with several objectives (metrics:); this sweep has one objective (\(name)): tell a single \"value\"")
        }
        guard values.count == metrics.count else {
            throw UsageError("expected \(metrics.count) values (\(Self.describe(metrics))), got \(values.count)")
        }
        let i = try open(number)
        if values.allSatisfy(\.isFinite) {
            trials[i].state = .finished
            trials[i].objectives = values
        } else {
            trials[i].state = .failed
        }
    }

    /// Adds a multi-objective trial that happened elsewhere (an earlier life of the sweep); a
    /// finished trial without a full, finite vector counts as failed.
    @discardableResult
    public mutating func add(values: [JSONValue?], state: TrialState, objectives: [Double]?,
                             reports: [Report] = []) -> Int {
        let usable = objectives.flatMap { v in
            v.count == (config.metrics?.count ?? 1) && v.allSatisfy(\.isFinite) ? v : nil
        }
        // The single-objective add takes a finished trial without a value for a failed one.
        let n = add(values: values, state: state, value: nil, reports: reports)
        if state == .finished, let usable {
            trials[n].state = .finished
            trials[n].objectives = usable
        }
        return n
    }

    /// The non-dominated finished trials. A single-objective sweep's front is its best final
    /// values (all ties), in the goal's direction; a sweep without a metric has no front.
    public var paretoFront: ParetoFront {
        if let metrics = config.metrics {
            return ParetoFront(trials: trials, metrics: metrics)
        }
        guard let metric = config.metric else { return ParetoFront(candidates: [], goals: []) }
        let candidates = trials.compactMap { t -> ParetoFront.Member? in
            guard t.state == .finished, let v = t.value else { return nil }
            return ParetoFront.Member(trial: t.number, values: [v])
        }
        return ParetoFront(candidates: candidates, goals: [metric.goal])
    }

    /// `metrics[i].target` for several objectives: the sweep is done when one finished trial
    /// reaches every target given (objectives without a target impose nothing); none given, none.
    var multiObjectiveTargetReason: String? {
        guard let metrics = config.metrics else { return nil }
        let targets = metrics.enumerated().compactMap { i, m in m.target.map { (i, m.goal, $0) } }
        guard !targets.isEmpty else { return nil }
        let hit = trials.contains { t in
            guard t.state == .finished, let v = t.objectives, v.count == metrics.count else { return false }
            return targets.allSatisfy { i, goal, target in goal == .minimize ? v[i] <= target : v[i] >= target }
        }
        guard hit else { return nil }
        let list = targets.map { i, _, target in "\(metrics[i].name) \(JSONText.renderNumber(target))" }
        return "metrics targets reached (\(list.joined(separator: ", ")))"
    }

    static func describe(_ metrics: [MetricSpec]) -> String {
        metrics.map { "\($0.name) \($0.goal.rawValue)" }.joined(separator: ", ")
    }
}
