import SwoopModel

/// The loop's record of one trial and the run that carries it; part of the saved state.
public struct TrialRecord: Sendable, Codable, Hashable {
    /// Where the trial came from: launched by this scheduler, a run of the sweep it did not launch
    /// (an earlier life without saved state, a run made by hand), or a `--prior-run`.
    public enum Origin: String, Sendable, Codable, Hashable { case launched, sweepRun, prior }

    public var number: Int
    /// Deterministic (`<sweep>-<number>`): after a crash between creating the run and saving its id,
    /// the restarted scheduler finds the run by this name instead of launching the trial again.
    public var name: String
    public var config: JSONValue
    public var origin: Origin
    /// Nil between the saved intent and the run's creation.
    public var runID: RunID?
    public var runState: RunState?
    public var metricCursor: Int64
    /// The trial's result was told to the scheduler.
    public var told: Bool
    public var stopRequested: Bool
    /// Some value of the objective was logged or summarized.
    public var sawMetric: Bool
    /// The run logged anything or has a summary (W&B's run_cap leaves out killed and crashed runs without).
    public var hadResults: Bool
    /// Best value of `metric.name` seen (history and summary), in the goal's direction.
    public var best: Double?
    /// The latest value of each objective seen in the history.
    public var lastValues: [String: Double] = [:]
    public var errorMessage: String?
    /// The scheduler asked to stop the run while its values were folded in (not saved: replaying
    /// the values after a restart asks again).
    var stopPending: Bool = false

    enum CodingKeys: String, CodingKey {
        case number, name, config, origin, runID, runState, metricCursor, told, stopRequested, sawMetric, hadResults,
             best, lastValues, errorMessage
    }

    public init(number: Int, name: String, config: JSONValue, origin: Origin, runID: RunID? = nil) {
        self.number = number; self.name = name; self.config = config; self.origin = origin; self.runID = runID
        runState = nil; metricCursor = 0; told = false; stopRequested = false; sawMetric = false; hadResults = false
    }

    /// Still holds a worker: not yet created, queued, starting, running, or preempted (it comes back).
    public var isActive: Bool {
        guard origin == .launched else { return false }
        guard let runState else { return !told }
        return runState.isAlive || runState == .preempted
    }
}
