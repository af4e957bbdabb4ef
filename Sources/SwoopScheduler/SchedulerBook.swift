import SwoopClient
import SwoopModel

/// Everything the loop saves after every decision: its cursor into the sweep's run changes, every
/// trial and its run, the method's own state, and why the sweep ends. A custom scheduler in another
/// language keeps its own shape; this one is Swoop's.
///
/// Format 1 (still read) was one document holding every trial. Format 2 keeps each trial as a row
/// (`SweepTrial`: `{"record": TrialRecord, "method": the method's part for it}`) and the rest as the
/// state document, with `trials` empty and `trialCount` saying how many rows belong to the book.
public struct SchedulerBook: Sendable, Codable, Hashable {
    public static let rowsFormat = 2

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
    /// Format 2: how many trial rows the book has (rows past it are not the book's).
    public var trialCount: Int?
    /// Format 2: the best trial so far, kept in the document so a status needs no rows.
    public var bestTrial: TrialRecord?

    /// A resumed sweep starts a new life: the method is asked again and failures are counted afresh.
    public mutating func beginLife() {
        doneReason = nil
        failure = nil
        lifeStart = trials.count
    }

    public init(seed: UInt64) { self.seed = seed }

    /// Reads a saved state and, for format 2, its trial rows; nil state (a new sweep) gives a fresh book.
    /// Rows come back to the method as the `trials` list of its saved state, in row order.
    public static func decode(_ json: JSONValue?, rows: [SweepTrial] = [], seed: UInt64) throws -> SchedulerBook {
        guard let json, json != .null else { return SchedulerBook(seed: seed) }
        if json["format"] == nil {
            // Only `settings` from launch-sweep, written before the scheduler ever ran.
            var book = SchedulerBook(seed: seed)
            if let s = json["settings"] { book.settings = try LifeSettings.decode(s) }
            return book
        }
        var book = try APICoding.convert(json, to: SchedulerBook.self)
        guard book.format >= rowsFormat else { return book }
        let count = book.trialCount ?? 0
        let mine = rows.filter { $0.number < count }.sorted { $0.number < $1.number }
        guard mine.map(\.number) == Array(0..<count) else {
            let missing = Set(0..<count).subtracting(mine.map(\.number)).sorted()
            throw SchedulerError("the saved scheduler state has \(count) trials but no row for trial \(missing.first.map(String.init) ?? "?")")
        }
        book.trials = try mine.map { row in
            guard let record = row.data["record"] else { throw SchedulerError("trial row \(row.number) has no 'record'") }
            return try APICoding.convert(record, to: TrialRecord.self)
        }
        let methodParts = mine.compactMap { $0.data["method"] }
        if !methodParts.isEmpty, case .object(var o) = book.method ?? .object([:]) {
            o["trials"] = .array(methodParts)
            book.method = .object(o)
        }
        return book
    }

    /// The state document alone, without reading rows: for format 2, `trials` is empty and
    /// `bestTrial`, `doneReason` and `failure` are there (what a status shows).
    public static func document(_ json: JSONValue?) throws -> SchedulerBook {
        guard let json, json["format"] != nil else { return try decode(json, seed: 0) }
        return try APICoding.convert(json, to: SchedulerBook.self)
    }

    /// The sweep's saved book as the server has it (its state document and, for format 2, its rows).
    public static func load(_ sweep: SweepID, client: SwoopClient, seed: UInt64 = 0) async throws -> SchedulerBook {
        let s = try await client.sweep(id: sweep)
        return try await load(s, client: client, seed: seed)
    }

    /// `load` for a sweep already read with its state.
    public static func load(_ sweep: Sweep, client: SwoopClient, seed: UInt64) async throws -> SchedulerBook {
        let rowsSaved = (sweep.schedulerState?["format"]?.number ?? 0) >= Double(rowsFormat)
        return try decode(sweep.schedulerState, rows: rowsSaved ? try await client.allSweepTrials(sweep: sweep.id) : [], seed: seed)
    }

    public var json: JSONValue {
        get throws { try JSONValueEncoder.encode(self) }
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
        try APICoding.convert(json, to: LifeSettings.self)
    }

    public var json: JSONValue {
        get throws { try JSONValueEncoder.encode(self) }
    }
}
