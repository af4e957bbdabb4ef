import SwoopConfig
import SwoopModel
import SwoopSearch

/// The scheduler's decisions, without I/O: fold run changes and metric values into the trial
/// records and the method, pick runs to stop, and decide the next step (launch, wait, finish,
/// fail, leave). `SchedulerLoop` moves data between this and the server and saves `book` after
/// every decision, so a restart continues from exactly what was decided.
public struct SchedulerCore<S: Scheduler>: Sendable {
    public var scheduler: S
    public var book: SchedulerBook
    public var plan: SweepPlan
    public let sweepID: String
    /// Method notes and warnings for the scheduler's log; drained by the loop, never saved.
    public var notes: [String] = []
    /// Counts decisions taken while folding runs in (a trial told or added, a stop asked): the loop
    /// saves when it moved. Reading values that decide nothing needs no save: a restart reads them again.
    public private(set) var decisions = 0
    /// Book indices of trials changed since the last save: the rows the next save writes.
    public private(set) var dirty: Set<Int> = []

    public init(scheduler: S, book: SchedulerBook, plan: SweepPlan, sweepID: String) {
        self.scheduler = scheduler; self.book = book; self.plan = plan; self.sweepID = sweepID
        // A book read from a whole document (format 1) has no rows yet: the first save writes them all.
        if book.format < SchedulerBook.rowsFormat { dirty = Set(book.trials.indices) }
    }

    /// The run name of a trial: fixed in advance so a restart can find a run created just before a crash.
    public func runName(trial number: Int) -> String { "\(sweepID)-\(number)" }

    func index(of run: Run) -> Int? {
        if let i = book.trials.firstIndex(where: { $0.runID == run.id }) { return i }
        return book.trials.firstIndex { $0.runID == nil && $0.origin == .launched && $0.name == run.name }
    }

    /// Where to read a run's new metric values from; nil when the loop need not read them (a run
    /// that is not ours and still running: it is learned from once it ends, whole).
    public func metricCursor(for run: Run) -> Int64? {
        // A run that has not started logs nothing: reading its values would be a request per change for nothing.
        if run.state == .queued || run.state == .starting { return nil }
        if let i = index(of: run) { return book.trials[i].metricCursor }
        return run.state.isTerminal && run.state != .preempted ? 0 : nil
    }

    /// Runs that keep a worker busy (created or about to be).
    public var activeCount: Int { book.trials.filter(\.isActive).count }

    /// Runs counted against `run_cap` (W&B, fact 52: sweep runs, less killed or crashed runs without results).
    public var runCount: Int {
        book.trials.filter { r in
            guard r.origin != .prior else { return false }
            if let s = r.runState, s == .stopped || s == .crashed, !r.hadResults { return false }
            return true
        }.count
    }

    /// The best objective value over all trials, and the trial that has it.
    public var best: (value: Double, trial: TrialRecord)? {
        guard let metric = plan.metric else { return nil }
        var out: (Double, TrialRecord)?
        for r in book.trials {
            guard let b = r.best else { continue }
            if let o = out, metric.goal == .minimize ? b >= o.0 : b <= o.0 { continue }
            out = (b, r)
        }
        return out.map { (value: $0.0, trial: $0.1) }
    }

    /// Folds one run's change and its new metric points in; answers the runs to ask to stop.
    public mutating func observe(_ run: Run, history: MetricHistory?) -> [RunID] {
        let ended = run.state.isTerminal && run.state != .preempted
        guard let i = index(of: run) else {
            guard ended else { return [] }
            // Not launched by this life (an earlier life without state, a run made by hand): learn from it.
            var record = TrialRecord(number: -1, name: run.name ?? run.id.rawValue, config: run.config, origin: .sweepRun, runID: run.id)
            let reports = fold(history?.points ?? [], into: &record, run: run, report: false)
            record.metricCursor = history?.nextCursor ?? 0
            foldSummary(run, into: &record)
            record.runState = run.state
            record.number = scheduler.add(config: run.config, outcome: outcome(run, record), reports: reports)
            record.told = true
            append(record)
            decisions += 1
            return []
        }
        dirty.insert(i)
        var record = book.trials[i]
        record.runID = run.id
        record.runState = run.state
        record.errorMessage = run.errorMessage
        var stop = false
        if let history {
            record.metricCursor = max(record.metricCursor, history.nextCursor)
            fold(history.points, into: &record, run: run, report: !record.told)
            stop = record.stopPending
            record.stopPending = false
        }
        foldSummary(run, into: &record)
        if ended && !record.told {
            scheduler.tell(trial: record.number, outcome: outcome(run, record))
            record.told = true
            decisions += 1
        }
        var stops: [RunID] = []
        if stop, !record.stopRequested, run.state.isAlive {
            record.stopRequested = true
            stops.append(run.id)
            decisions += 1
        }
        book.trials[i] = record
        return stops
    }

    /// Adds a `--prior-run` (a finished run outside the sweep) to the method.
    public mutating func addPrior(_ run: Run, history: MetricHistory) {
        guard !book.priorDone.contains(run.id.rawValue) else { return }
        var record = TrialRecord(number: -1, name: run.name ?? run.id.rawValue, config: run.config, origin: .prior, runID: run.id)
        let reports = fold(history.points, into: &record, run: run, report: false)
        foldSummary(run, into: &record)
        record.runState = run.state
        // A prior run still going, or preempted, has no final result: it counts as failed.
        var o = outcome(run, record)
        if !o.state.isTerminal { o.state = .failed }
        record.number = scheduler.add(config: run.config, outcome: o, reports: reports)
        record.told = true
        append(record)
        book.priorDone.append(run.id.rawValue)
        decisions += 1
    }

    /// Reads metric points into the record; reports values of a live trial to the scheduler (whose
    /// answer may ask for a stop, kept in `stopPending`). Answers the (step, value) reports seen.
    @discardableResult
    mutating func fold(_ points: [MetricPoint], into record: inout TrialRecord, run: Run, report: Bool) -> [Report] {
        var reports: [Report] = []
        for p in points {
            if !p.values.isEmpty { record.hadResults = true }
            for name in objectiveNames {
                guard let v = p.values[name]?.number, v.isFinite else { continue }
                record.lastValues[name] = v
                if name == objectiveNames.first { record.sawMetric = true }
            }
            guard let metric = plan.metric, let v = p.values[metric.name]?.number, v.isFinite else { continue }
            record.best = better(record.best, v, metric.goal)
            reports.append(Report(step: Int(clamping: p.step), value: v))
            if report, scheduler.report(trial: record.number, step: Int(clamping: p.step), value: v) {
                record.stopPending = true
            }
        }
        return reports
    }

    var objectiveNames: [String] {
        if let metrics = plan.metrics { return metrics.map(\.name) }
        return plan.metric.map { [$0.name] } ?? []
    }

    func better(_ a: Double?, _ b: Double, _ goal: Goal) -> Double {
        guard let a else { return b }
        return goal == .minimize ? min(a, b) : max(a, b)
    }

    mutating func foldSummary(_ run: Run, into record: inout TrialRecord) {
        guard let summary = run.summary.objectValue, !summary.isEmpty else { return }
        record.hadResults = true
        if let metric = plan.metric, let v = summary[metric.name]?.number, v.isFinite {
            record.sawMetric = true
            record.best = better(record.best, v, metric.goal)
        }
        if let first = plan.metrics?.first, summary[first.name]?.number != nil { record.sawMetric = true }
    }

    /// W&B reads the objective from the summary, falling back here to the last logged value.
    func outcome(_ run: Run, _ record: TrialRecord) -> TrialOutcome {
        let state: TrialState
        switch run.state {
        case .finished: state = .finished
        case .failed: state = .failed
        case .crashed: state = .crashed
        case .stopped: state = .stopped
        case .preempted: state = .preempted
        case .queued, .starting, .running: state = .running
        }
        let summary = run.summary.objectValue ?? [:]
        func value(_ name: String) -> Double? {
            if let v = summary[name]?.number, v.isFinite { return v }
            return record.lastValues[name]
        }
        if let metrics = plan.metrics {
            let values = metrics.map { value($0.name) }
            return TrialOutcome(state: state, objectives: values.contains(where: { $0 == nil }) ? nil : values.compactMap { $0 })
        }
        return TrialOutcome(state: state, value: plan.metric.flatMap { value($0.name) })
    }

    /// Marks a launched trial's run as created.
    public mutating func bind(trial number: Int, run: RunID) {
        guard let i = book.trials.firstIndex(where: { $0.number == number && $0.origin == .launched }) else { return }
        dirty.insert(i)
        book.trials[i].runID = run
        if book.trials[i].runState == nil { book.trials[i].runState = .queued }
    }

    /// The reason the sweep must fail, if its runs show it cannot work.
    func failureReason() -> String? {
        let life = book.trials.dropFirst(book.lifeStart)
        let launched = life.filter { $0.origin == .launched && $0.told }
        if let name = objectiveNames.first, !book.trials.contains(where: \.sawMetric) {
            let without = launched.filter { $0.runState == .finished }.count
            if without >= SweepPlan.runsWithoutMetricLimit {
                return "\(without) runs finished without logging the metric '\(name)', and no run of the sweep has logged it: make the training code log '\(name)' (or write it to the run summary), or fix metric.name in the sweep configuration"
            }
        }
        if !life.contains(where: { $0.runState == .finished }) {
            let failed = launched.filter { $0.runState == .failed || $0.runState == .crashed }
            if failed.count >= SweepPlan.initialFailureLimit {
                let last = failed.last?.errorMessage.map { "; the last error: \($0)" } ?? ""
                return "the first \(failed.count) runs failed or crashed and none finished\(last)"
            }
        }
        return nil
    }

    /// Why no new trial may start because of run_cap or metric.target, if so.
    func capOrTargetReason() -> String? {
        if let cap = plan.runCap, runCount >= cap { return "run_cap \(cap) reached" }
        if let metric = plan.metric, let target = metric.target,
           book.trials.contains(where: { r in r.best.map { metric.goal == .minimize ? $0 <= target : $0 >= target } ?? false }) {
            return "metric.target \(JSONText.renderNumber(target)) reached"
        }
        return nil
    }

    /// Decides the next step in the sweep's current state.
    public mutating func next(sweepState: SweepState) -> SchedulerStep {
        switch sweepState {
        case .finished, .failed, .cancelled, .stopped:
            return .exit(reason: "the sweep is \(sweepState.rawValue)")
        case .pending, .running, .paused:
            break
        }
        if book.failure == nil, let f = failureReason() { book.failure = f }
        if let f = book.failure { return .fail(message: f) }
        if sweepState == .paused { return .idle }
        // An intent saved before a crash whose run was never created: launch it now, not a new trial.
        if let r = book.trials.first(where: { $0.origin == .launched && $0.runID == nil && !$0.told }) {
            return .launch(r)
        }
        if book.doneReason == nil, let reason = capOrTargetReason() { book.doneReason = reason }
        if let reason = book.doneReason { return activeCount == 0 ? .finish(reason: reason) : .idle }
        guard activeCount < plan.numWorkers else { return .idle }
        let answer: SchedulerAsk
        do { answer = try scheduler.ask() } catch {
            book.failure = "the search method cannot propose a trial: \(error)"
            return .fail(message: book.failure!)
        }
        switch answer {
        case .trial(let number, let config, let methodNotes):
            notes += methodNotes.map { "trial \(number): \($0)" }
            let record = TrialRecord(number: number, name: runName(trial: number), config: config, origin: .launched)
            append(record)
            return .launch(record)
        case .wait:
            return .idle
        case .done(let reason):
            book.doneReason = reason
            return activeCount == 0 ? .finish(reason: reason) : .idle
        }
    }

    mutating func append(_ record: TrialRecord) {
        book.trials.append(record)
        dirty.insert(book.trials.count - 1)
    }

    /// The book with the method's whole state as one document (format 1): what older versions saved,
    /// still read on resume.
    public func savedState() throws -> JSONValue {
        var b = book
        b.format = 1
        b.trialCount = nil
        b.bestTrial = nil
        b.method = try scheduler.savedState()
        return try b.json
    }

    /// What the next save writes (format 2): the small state document and the rows of the trials that
    /// changed since `markSaved()`, so a save costs what changed, not what the sweep has done so far.
    public func pendingSave() throws -> (state: JSONValue, trials: [SweepTrial]) {
        var b = book
        b.format = SchedulerBook.rowsFormat
        b.trials = []
        b.trialCount = book.trials.count
        b.bestTrial = best?.trial
        b.method = try scheduler.savedSharedState()
        let rows = try dirty.sorted().map { i in SweepTrial(number: i, data: try row(book.trials[i])) }
        return (try b.json, rows)
    }

    /// The rows of `pendingSave()` are stored.
    public mutating func markSaved() { dirty.removeAll() }

    func row(_ r: TrialRecord) throws -> JSONValue {
        var o: [String: JSONValue] = ["record": try JSONValueEncoder.encode(r)]
        if r.number >= 0, let m = try scheduler.savedTrialState(r.number) { o["method"] = m }
        return .object(o)
    }
}
