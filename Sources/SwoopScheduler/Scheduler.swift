import SwoopModel
import SwoopSearch

/// A search method the scheduler loop drives (`SchedulerLoop`): a custom Swift scheduler implements
/// this and reuses the loop's run bookkeeping, crash-safe state, `num_workers`, `run_cap`,
/// `metric.target` and the sweep's states. Trial numbers are the scheduler's own.
public protocol Scheduler: Sendable {
    /// The next trial's hyperparameters (a config object, nested parameters as objects), `wait` to
    /// launch nothing now, or `done` when the search is over.
    mutating func ask() throws -> SchedulerAsk
    /// An intermediate value of a trial that is still running; `true` asks the loop to stop its run.
    mutating func report(trial: Int, step: Int, value: Double) -> Bool
    /// A trial ended; told once per trial.
    mutating func tell(trial: Int, outcome: TrialOutcome)
    /// A run that happened elsewhere (an earlier life of the sweep, a `--prior-run`, a run made by
    /// hand in the sweep): learn from it. Returns the trial number it took.
    mutating func add(config: JSONValue, outcome: TrialOutcome, reports: [Report]) -> Int
    /// Everything needed to continue after a restart; the loop saves it with its own state after
    /// every decision and hands it back to the factory that builds the scheduler.
    func savedState() throws -> JSONValue
    /// `savedState()` without what `savedTrialState` keeps per trial: the loop saves the trials that
    /// changed as rows, and hands their parts back as the `trials` list of the saved state, in order.
    func savedSharedState() throws -> JSONValue
    /// One trial's part of the saved state, or nil when the scheduler keeps nothing per trial.
    func savedTrialState(_ trial: Int) throws -> JSONValue?
}

extension Scheduler {
    /// A scheduler without per-trial parts saves its whole state each time.
    public func savedSharedState() throws -> JSONValue { try savedState() }
    public func savedTrialState(_ trial: Int) throws -> JSONValue? { nil }
}

/// What `Scheduler.ask` answers.
public enum SchedulerAsk: Sendable, Hashable {
    case trial(number: Int, config: JSONValue, notes: [String])
    case wait
    case done(reason: String)
}
