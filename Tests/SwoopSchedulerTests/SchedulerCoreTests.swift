import Foundation
import SwoopConfig
import SwoopModel
import SwoopScheduler
import SwoopSearch
import Testing

/// The scheduler's decisions without a server: workers, run_cap, target, grid exhaustion, failures,
/// the sweep's states, early termination, and a restart from saved state.
@Suite("Scheduler decisions")
struct SchedulerCoreTests {
    static let grid = CoreFixture.grid

    @Test func keepsNumWorkersInFlightAndFinishesAnExhaustedGrid() throws {
        var core = try CoreFixture.core(Self.grid)
        var (launched, then) = CoreFixture.launchAll(&core)
        #expect(launched.count == 2 && then == .idle)
        #expect(launched.map(\.name) == ["sw1-0", "sw1-1"])
        var seen = launched.map(\.config)
        var n = 0
        while n < 6 {
            let record = launched.removeFirst()
            _ = core.observe(CoreFixture.run("r\(record.number)", name: record.name, state: .finished, summary: ["loss": .double(Double(n))]), history: nil)
            n += 1
            let more = CoreFixture.launchAll(&core)
            launched += more.launched
            seen += more.launched.map(\.config)
            #expect(core.activeCount <= 2)
            if n < 6 { #expect(more.then == .idle) } else { #expect(more.then == .finish(reason: "the search space is exhausted")) }
        }
        #expect(Set(seen).count == 6 && seen.count == 6)
    }

    @Test func defaultNumWorkersIsEight() throws {
        var core = try CoreFixture.core("method: random\nparameters: {a: {min: 0.0, max: 1.0}}\nimage_uri: i\n")
        #expect(core.plan.numWorkers == SweepPlan.defaultNumWorkers && SweepPlan.defaultNumWorkers == 8)
        #expect(CoreFixture.launchAll(&core).launched.count == 8)
    }

    /// Fact 52: run_cap 2 is reached after 2 launches; a crashed run without results does not count.
    @Test func runCapCountsLaunchedRunsButNotCrashedOnesWithoutResults() throws {
        var core = try CoreFixture.core("method: random\nrun_cap: 2\nmetric: {name: loss}\nparameters: {a: {min: 0.0, max: 1.0}}\nimage_uri: i\nscheduler: {num_workers: 1}\n")
        var (l, _) = CoreFixture.launchAll(&core)
        _ = core.observe(CoreFixture.run("r0", name: l[0].name, state: .crashed), history: nil)
        #expect(core.runCount == 0)
        (l, _) = CoreFixture.launchAll(&core)
        #expect(l.count == 1)
        _ = core.observe(CoreFixture.run("r1", name: l[0].name, state: .finished, summary: ["loss": 1]), history: nil)
        (l, _) = CoreFixture.launchAll(&core)
        _ = core.observe(CoreFixture.run("r2", name: l[0].name, state: .crashed, summary: ["loss": 0.5]), history: nil)
        #expect(core.runCount == 2)
        #expect(core.next(sweepState: .running) == .finish(reason: "run_cap 2 reached"))
    }

    @Test func targetEndsTheSweepOnceRunningRunsEnd() throws {
        var core = try CoreFixture.core("method: random\nmetric: {name: acc, goal: maximize, target: 0.9}\nparameters: {a: {min: 0.0, max: 1.0}}\nimage_uri: i\nscheduler: {num_workers: 2}\n")
        let (l, _) = CoreFixture.launchAll(&core)
        _ = core.observe(CoreFixture.run("r0", name: l[0].name, state: .running), history: CoreFixture.history([0.5, 0.95], metric: "acc"))
        #expect(core.next(sweepState: .running) == .idle)
        #expect(core.book.doneReason == "metric.target 0.9 reached")
        _ = core.observe(CoreFixture.run("r0", name: l[0].name, state: .finished), history: nil)
        _ = core.observe(CoreFixture.run("r1", name: l[1].name, state: .finished, summary: ["acc": 0.1]), history: nil)
        #expect(core.next(sweepState: .running) == .finish(reason: "metric.target 0.9 reached"))
        #expect(core.best?.value == 0.95)
    }

    @Test func failsWhenRunsNeverReportTheMetric() throws {
        var core = try CoreFixture.core("method: random\nmetric: {name: val_loss}\nparameters: {a: {min: 0.0, max: 1.0}}\nimage_uri: i\nscheduler: {num_workers: 1}\n")
        for i in 0..<3 {
            let (l, _) = CoreFixture.launchAll(&core)
            #expect(l.count == 1)
            _ = core.observe(CoreFixture.run("r\(i)", name: l[0].name, state: .finished, summary: ["loss": 1]),
                             history: CoreFixture.history([1, 2], metric: "loss"))
        }
        guard case .fail(let message) = core.next(sweepState: .running) else { Issue.record("expected a failure"); return }
        #expect(message.contains("3 runs finished without logging the metric 'val_loss'"))
        #expect(core.book.failure == message)
    }

    @Test func failsWhenEveryRunFailsAndReportsTheLastError() throws {
        var core = try CoreFixture.core("method: random\nmetric: {name: loss}\nparameters: {a: {min: 0.0, max: 1.0}}\nimage_uri: i\nscheduler: {num_workers: 1}\n")
        for i in 0..<5 {
            let (l, _) = CoreFixture.launchAll(&core)
            _ = core.observe(CoreFixture.run("r\(i)", name: l[0].name, state: .failed, error: "exit status 3"), history: nil)
        }
        guard case .fail(let message) = core.next(sweepState: .running) else { Issue.record("expected a failure"); return }
        #expect(message == "the first 5 runs failed or crashed and none finished; the last error: exit status 3")
    }

    /// A failed run is told to the method as failed (bayes imputes it with metric.impute) and the sweep goes on.
    @Test func failedRunsAreToldAndImputed() throws {
        var core = try CoreFixture.core("method: bayes\nmetric: {name: loss, impute: worst}\nparameters: {a: {min: 0.0, max: 1.0}}\nimage_uri: i\nscheduler: {num_workers: 1}\n")
        var (l, _) = CoreFixture.launchAll(&core)
        _ = core.observe(CoreFixture.run("r0", name: l[0].name, state: .finished, summary: ["loss": 2]), history: nil)
        (l, _) = CoreFixture.launchAll(&core)
        _ = core.observe(CoreFixture.run("r1", name: l[0].name, state: .failed), history: CoreFixture.history([7]))
        #expect(core.scheduler.study.trials.map(\.state) == [.finished, .failed])
        #expect(core.scheduler.study.trials[1].reports.map(\.value) == [7])
        (l, _) = CoreFixture.launchAll(&core)
        #expect(l.count == 1)
    }

    @Test func pauseHoldsNewRunsStopAndCancelLeave() throws {
        var core = try CoreFixture.core(Self.grid)
        #expect(core.next(sweepState: .paused) == .idle)
        #expect(core.book.trials.isEmpty)
        #expect(core.next(sweepState: .stopped) == .exit(reason: "the sweep is stopped"))
        #expect(core.next(sweepState: .cancelled) == .exit(reason: "the sweep is cancelled"))
        #expect(CoreFixture.launchAll(&core, state: .pending).launched.count == 2)
    }

    /// W&B hyperband (fact 30's shape): a running run whose value at a band is worse than the threshold is stopped once.
    @Test func hyperbandAsksToStopARunningRun() throws {
        var core = try CoreFixture.core(CoreFixture.hyperband)
        let (l, _) = CoreFixture.launchAll(&core)
        #expect(l.count == 5)
        let histories: [[Double]] = [[10], [10, 8, 8], [10, 7, 7], [10, 6, 6]]
        for (i, h) in histories.enumerated() {
            _ = core.observe(CoreFixture.run("r\(i + 1)", name: l[i + 1].name, state: .running), history: CoreFixture.history(h))
        }
        let stops = core.observe(CoreFixture.run("r0", name: l[0].name, state: .running), history: CoreFixture.history([11]))
        #expect(stops == [RunID("r0")])
        #expect(core.observe(CoreFixture.run("r0", name: l[0].name, state: .running), history: CoreFixture.history([11], from: 1)).isEmpty)
    }

    /// A crash after the intent was saved: the restarted core finds the run by its name (created
    /// before the crash) or launches the intent again, never a new trial in its place.
    @Test func restartBindsOrRelaunchesTheSavedIntent() throws {
        var core = try CoreFixture.core(Self.grid)
        guard case .launch(let first) = core.next(sweepState: .running) else { Issue.record("no launch"); return }
        let savedBeforeCreate = try core.savedState()

        // The run was created, then the process died before saving its id.
        var restarted = try CoreFixture.core(Self.grid, saved: savedBeforeCreate)
        #expect(restarted.activeCount == 1)
        _ = restarted.observe(CoreFixture.run("real", name: first.name, state: .queued, config: first.config), history: nil)
        #expect(restarted.book.trials[0].runID == RunID("real"))
        guard case .launch(let second) = restarted.next(sweepState: .running) else { Issue.record("no launch"); return }
        #expect(second.number == 1 && second.config != first.config)

        // The run was never created: the same intent comes back.
        var again = try CoreFixture.core(Self.grid, saved: savedBeforeCreate)
        guard case .launch(let relaunch) = again.next(sweepState: .running) else { Issue.record("no launch"); return }
        #expect(relaunch == first)
    }

    /// Saves write the trials that changed as rows beside a small document; the document and all
    /// rows written so far must always read back as the whole book (and the method's whole state),
    /// or a restart would read a stale trial.
    @Test func rowSavesWriteWhatChangedAndReadBackWhole() throws {
        let yaml = "method: random\nmetric: {name: loss}\nparameters: {a: {min: 0.0, max: 1.0}}\nimage_uri: i\nscheduler: {num_workers: 3}\n"
        var core = try CoreFixture.core(yaml)
        var rows: [Int: SweepTrial] = [:]
        func save() throws -> (JSONValue, [Int]) {
            let (state, trials) = try core.pendingSave()
            for t in trials { rows[t.number] = t }
            core.markSaved()
            return (state, trials.map(\.number))
        }
        func readBack(_ state: JSONValue) throws -> SchedulerBook {
            try SchedulerBook.decode(state, rows: rows.values.sorted { $0.number < $1.number }, seed: 0)
        }
        #expect(try save().1 == [])
        let (l, _) = CoreFixture.launchAll(&core)
        #expect(try save().1 == [0, 1, 2])
        core.bind(trial: l[1].number, run: RunID("r1"))
        _ = core.observe(CoreFixture.run("r0", name: l[0].name, state: .finished, summary: ["loss": 0.25]), history: CoreFixture.history([0.5]))
        let (state, written) = try save()
        #expect(written == [0, 1], "only the two trials that changed")
        #expect(state["trials"] == [] && state["trialCount"] == 3 && state["format"] == 2)
        #expect(state["bestTrial"]?["best"] == 0.25)
        // A status reads the document alone (no rows): best, reasons.
        var sweep = SweepProgressTests.sweep()
        sweep.schedulerState = state
        let status = SchedulerStatus(sweep: sweep, runs: [], metric: "loss", maximize: false, total: nil)
        #expect(status.best == 0.25 && status.bestConfig == l[0].config)
        let back = try readBack(state)
        #expect(back.trials == core.book.trials)
        #expect(back.method == (try core.scheduler.savedState()))
        #expect(try save().1 == [], "nothing changed, nothing written")
        _ = CoreFixture.launchAll(&core)
        let (later, _) = try save()
        #expect(try readBack(later).trials == core.book.trials)
        // A row the document does not count is not the book's; a missing one is an error naming it.
        rows[9] = SweepTrial(number: 9, data: ["record": "junk"])
        #expect(try readBack(later).trials.count == core.book.trials.count)
        rows[1] = nil
        #expect(throws: SchedulerError.self) { try readBack(later) }
    }

    /// A state saved whole (format 1, what earlier versions wrote) reads back, and its first save in
    /// rows writes every trial.
    @Test func wholeDocumentStatesStillResume() throws {
        let yaml = "method: random\nmetric: {name: loss}\nparameters: {a: {min: 0.0, max: 1.0}}\nimage_uri: i\nscheduler: {num_workers: 3}\n"
        var core = try CoreFixture.core(yaml)
        let (l, _) = CoreFixture.launchAll(&core)
        _ = core.observe(CoreFixture.run("r0", name: l[0].name, state: .finished, summary: ["loss": 0.25]), history: CoreFixture.history([0.5]))
        let whole = try core.savedState()
        #expect(whole["format"] == 1 && whole["trials"]?.arrayValue?.count == 3)
        let restored = try CoreFixture.core(yaml, saved: whole)
        #expect(restored.book.trials == core.book.trials)
        #expect(restored.scheduler.study.trials == core.scheduler.study.trials)
        #expect(try restored.pendingSave().trials.map(\.number) == [0, 1, 2])
    }

    /// Values are read only for runs that may have logged some: not for queued or starting runs.
    @Test func metricsAreReadOnlyForRunsThatCanHaveThem() throws {
        var core = try CoreFixture.core(Self.grid)
        let (l, _) = CoreFixture.launchAll(&core)
        #expect(core.metricCursor(for: CoreFixture.run("r0", name: l[0].name, state: .queued)) == nil)
        #expect(core.metricCursor(for: CoreFixture.run("r0", name: l[0].name, state: .starting)) == nil)
        #expect(core.metricCursor(for: CoreFixture.run("r0", name: l[0].name, state: .running)) == 0)
        #expect(core.metricCursor(for: CoreFixture.run("r0", name: l[0].name, state: .finished)) == 0)
    }

    @Test func savedStateRoundTripsTheStudy() throws {
        var core = try CoreFixture.core("method: random\nmetric: {name: loss}\nparameters: {a: {min: 0.0, max: 1.0}}\nimage_uri: i\nscheduler: {num_workers: 3}\n")
        let (l, _) = CoreFixture.launchAll(&core)
        _ = core.observe(CoreFixture.run("r0", name: l[0].name, state: .finished, summary: ["loss": 0.25]), history: CoreFixture.history([0.5]))
        let saved = try core.savedState()
        var restored = try CoreFixture.core("method: random\nmetric: {name: loss}\nparameters: {a: {min: 0.0, max: 1.0}}\nimage_uri: i\nscheduler: {num_workers: 3}\n", saved: saved)
        #expect(restored.book == core.book.withMethod(try core.scheduler.savedState()))
        #expect(restored.scheduler.study.trials == core.scheduler.study.trials)
        // Both ask the same next point: the seed and the trial count decide it.
        guard case .launch(let a) = core.next(sweepState: .running), case .launch(let b) = restored.next(sweepState: .running) else {
            Issue.record("no launch"); return
        }
        #expect(a == b)
    }

    /// Runs the scheduler did not launch (an earlier life without state) warm-start the method once they end.
    @Test func runsOfAnEarlierLifeWarmStartTheMethod() throws {
        var core = try CoreFixture.core(Self.grid)
        _ = core.observe(CoreFixture.run("old", name: "old", state: .finished, summary: ["loss": 1], config: ["a": 1, "b": "x"]), history: nil)
        #expect(core.book.trials.first?.origin == .sweepRun)
        let (l, _) = CoreFixture.launchAll(&core)
        #expect(!l.map(\.config).contains(["a": 1, "b": "x"]))
        #expect(core.runCount == 3)
    }

    @Test func priorRunsWarmStartButDoNotCountTowardRunCap() throws {
        var core = try CoreFixture.core(Self.grid)
        core.addPrior(CoreFixture.run("p", name: "p", state: .finished, summary: ["loss": 1], config: ["a": 2, "b": "y"]), history: CoreFixture.history([3]))
        core.addPrior(CoreFixture.run("p", name: "p", state: .finished, summary: ["loss": 1], config: ["a": 2, "b": "y"]), history: CoreFixture.history([3]))
        #expect(core.book.trials.count == 1 && core.runCount == 0)
        #expect(core.best?.value == 1)
    }
}

extension SchedulerBook {
    func withMethod(_ m: JSONValue) -> SchedulerBook { var b = self; b.method = m; return b }
}
