import SwoopModel

/// Everything the loop saves with `saveSchedulerState` after every decision: its cursor into the
/// sweep's run changes, every trial and its run, the method's own state, and why the sweep ends.
/// A custom scheduler in another language keeps its own shape; this one is Swoop's.
public struct SchedulerBook: Sendable, Codable, Hashable {
    public var format: Int = 1
    public var seed: UInt64
    /// The largest run change cursor already folded in.
    public var cursor: Int64 = 0
    public var trials: [TrialRecord] = []
    /// `Scheduler.savedState()`.
    public var method: JSONValue?
    /// Why no new trial starts (grid exhausted, run_cap, target); the sweep finishes once runs end.
    public var doneReason: String?
    /// Set when the sweep must fail (runs never report the metric, nothing but failures).
    public var failure: String?
    /// What `launch-sweep` set for this life (scheduler and launch blocks, prior runs); new values win.
    public var settings: LifeSettings = LifeSettings()
    /// Prior runs already added to the method.
    public var priorDone: [String] = []
    /// Trials before this index belong to earlier lives (the failure checks judge only this life).
    public var lifeStart: Int = 0

    /// A resumed sweep starts a new life: the method is asked again and failures are counted afresh.
    public mutating func beginLife() {
        doneReason = nil
        failure = nil
        lifeStart = trials.count
    }

    public init(seed: UInt64) { self.seed = seed }

    /// Reads a saved state; nil state (a new sweep) gives a fresh book.
    public static func decode(_ json: JSONValue?, seed: UInt64) throws -> SchedulerBook {
        guard let json, json != .null else { return SchedulerBook(seed: seed) }
        if json["format"] == nil {
            // Only `settings` from launch-sweep, written before the scheduler ever ran.
            var book = SchedulerBook(seed: seed)
            if let s = json["settings"] { book.settings = try LifeSettings.decode(s) }
            return book
        }
        return try JSONConversion.convert(json, to: SchedulerBook.self)
    }

    public var json: JSONValue {
        get throws { try JSONConversion.json(self) }
    }
}

/// The per-life settings `swoop launch-sweep` hands the scheduler through its saved state: a resume
/// may change the scheduler block and the launch block (new values win) and add prior runs.
public struct LifeSettings: Sendable, Codable, Hashable {
    public var scheduler: JSONValue?
    public var launch: JSONValue?
    public var priorRuns: [String]
    /// The training job version launch-sweep resolved (runs launch exactly it).
    public var jobID: JobID?
    public var jobVersion: Int?

    public init(scheduler: JSONValue? = nil, launch: JSONValue? = nil, priorRuns: [String] = [], jobID: JobID? = nil, jobVersion: Int? = nil) {
        self.scheduler = scheduler; self.launch = launch; self.priorRuns = priorRuns; self.jobID = jobID; self.jobVersion = jobVersion
    }

    static func decode(_ json: JSONValue) throws -> LifeSettings {
        try JSONConversion.convert(json, to: LifeSettings.self)
    }

    public var json: JSONValue {
        get throws { try JSONConversion.json(self) }
    }
}
