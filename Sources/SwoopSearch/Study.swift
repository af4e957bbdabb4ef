import SwoopConfig
import SwoopModel

/// The ask-and-tell engine shared by `swoop optimize` and the sweep scheduler: it numbers trials,
/// keeps their history, applies `run_cap` and `metric.target`, and consults the method and pruner.
public struct Study: Sendable {
    /// What `ask` hands out: a new trial, or the reason the search is over.
    public enum Ask: Sendable, Hashable {
        case trial(number: Int, params: JSONValue, notes: [String])
        case done(reason: String)
    }

    /// A tell, report or ask that does not fit the study's state.
    public struct UsageError: Error, Sendable, Hashable, CustomStringConvertible {
        public var message: String
        public init(_ message: String) { self.message = message }
        public var description: String { message }
    }

    public let config: SweepConfig
    public let seed: UInt64
    public internal(set) var trials: [Trial] = []
    private var sampler: any Sampler
    private let pruner: (any Pruner)?

    public init(config: SweepConfig, seed: UInt64, sampler: any Sampler, pruner: (any Pruner)?) {
        self.config = config
        self.seed = seed
        self.sampler = sampler
        self.pruner = pruner
    }

    public var context: SearchContext {
        SearchContext(space: config.space, metric: config.metric, trials: trials)
    }

    /// Why no new trial may start, or nil while the search goes on.
    public var stopReason: String? {
        if let cap = config.runCap, trials.count >= cap {
            return "run_cap \(cap) reached"
        }
        if let metric = config.metric, let target = metric.target {
            let hit = trials.contains { t in
                guard let best = t.best(for: metric.goal) else { return false }
                return metric.goal == .minimize ? best <= target : best >= target
            }
            if hit { return "metric.target \(JSONText.renderNumber(target)) reached" }
        }
        if let reason = multiObjectiveTargetReason { return reason }
        return nil
    }

    /// Adds a trial that happened elsewhere (an earlier life of the sweep, a prior run) so the
    /// method learns from it; it takes the next trial number.
    @discardableResult
    public mutating func add(values: [JSONValue?], state: TrialState, value: Double?, reports: [Report] = []) -> Int {
        let n = trials.count
        let finite = value.flatMap { $0.isFinite ? $0 : nil }
        trials.append(Trial(number: n, values: values, state: finite == nil && state == .finished ? .failed : state,
                            value: finite, reports: reports))
        return n
    }

    public mutating func ask() throws(SearchError) -> Ask {
        if let reason = stopReason { return .done(reason: reason) }
        var rng = SeededRandom(seed: seed, stream: UInt64(trials.count))
        guard let proposal = try sampler.propose(context, rng: &rng) else {
            return .done(reason: "the search space is exhausted")
        }
        let n = trials.count
        trials.append(Trial(number: n, values: proposal.values, state: .pending))
        return .trial(number: n, params: config.space.nested(proposal.values), notes: proposal.notes)
    }

    func open(_ number: Int) throws(UsageError) -> Int {
        guard number >= 0, number < trials.count else {
            throw UsageError("trial \(number) was never asked (asked so far: \(trials.count))")
        }
        guard !trials[number].state.isTerminal else {
            throw UsageError("trial \(number) was already told (\(trials[number].state.rawValue))")
        }
        return number
    }

    /// Records a final value; a non-finite value counts as a failed trial.
    public mutating func tell(_ number: Int, value: Double) throws(UsageError) {
        if let metrics = config.metrics {
            throw UsageError("this sweep has \(metrics.count) objectives (\(Self.describe(metrics))); tell them as \"values\": [\(metrics.map(\.name).joined(separator: ", "))], not one \"value\"")
        }
        let i = try open(number)
        if value.isFinite {
            trials[i].state = .finished
            trials[i].value = value
        } else {
            trials[i].state = .failed
        }
    }

    /// Records an ending without a value: failed, crashed or stopped.
    public mutating func tell(_ number: Int, state: TrialState) throws(UsageError) {
        guard state.isTerminal, state != .finished else {
            throw UsageError("state must be one of failed, crashed, stopped (got \(state.rawValue))")
        }
        let i = try open(number)
        trials[i].state = state
    }

    /// Records an intermediate value and answers whether the trial should stop now.
    public mutating func report(_ number: Int, step: Int, value: Double) throws(UsageError) -> Bool {
        let i = try open(number)
        if trials[i].state == .pending { trials[i].state = .running }
        trials[i].reports.append(Report(step: step, value: value))
        guard let pruner else { return false }
        return pruner.shouldPrune(trial: i, in: context)
    }
}
