import Foundation
import SwoopClient
import SwoopModel
import SwoopScheduler
import Testing

/// The scheduler loop against a real server, with the test as the launch agent.
@Suite("Scheduler loop", .timeLimit(.minutes(3)))
struct SchedulerLoopTests {
    static let grid = CoreFixture.grid + """
        launch: {priority: high}
        program: train.py
        command: ["${env}", "${interpreter}", "${program}", "${args}"]
        """

    @Test func gridRunsEveryPointOnceWithinNumWorkersAndFinishes() async throws {
        try await LiveSweep.with { live in
            let sweep = try await live.sweep(Self.grid)
            let task = live.scheduler(sweep.id)
            var configs: [JSONValue] = []
            for _ in 0..<6 {
                let leased = try await live.leaseRun()
                #expect(leased.item.priority == .high)
                #expect(leased.spec.kind == .run && leased.spec.imageURI == "trainer:1" && leased.spec.sweepID == sweep.id)
                #expect(leased.spec.runID == leased.run.id)
                #expect(leased.spec.overrides.entryPoint == ["${env}", "${interpreter}", "train.py", "${args}"])
                #expect(JSONValue.object(leased.spec.overrides.runConfig) == leased.run.config)
                let alive = try await live.runs(sweep.id).filter { $0.state.isAlive }
                #expect(alive.count <= 2)
                configs.append(leased.run.config)
                try await live.finish(leased, losses: [loss(of: leased.run.config.objectValue ?? [:])])
            }
            let result = try await task.value
            #expect(result.state == .finished && result.reason == "the search space is exhausted")
            #expect(Set(configs).count == 6)
            #expect(try await live.client.sweep(id: sweep.id).state == .finished)
            #expect(try await live.runs(sweep.id).count == 6)
        }
    }

    @Test func runCapEndsTheSweep() async throws {
        try await LiveSweep.with { live in
            let sweep = try await live.sweep("method: random\nrun_cap: 3\nmetric: {name: loss}\nparameters: {a: {min: 0.0, max: 1.0}}\nimage_uri: i\nscheduler: {num_workers: 2}\n")
            let task = live.scheduler(sweep.id)
            for _ in 0..<3 {
                let leased = try await live.leaseRun()
                try await live.finish(leased, losses: [0.5])
            }
            #expect(try await task.value.reason == "run_cap 3 reached")
            #expect(try await live.runs(sweep.id).count == 3)
        }
    }

    @Test func targetEndsTheSweep() async throws {
        try await LiveSweep.with { live in
            let sweep = try await live.sweep("method: random\nmetric: {name: loss, target: 0.1}\nparameters: {a: {min: 0.0, max: 1.0}}\nimage_uri: i\nscheduler: {num_workers: 1}\n")
            let task = live.scheduler(sweep.id)
            try await live.finish(try await live.leaseRun(), losses: [0.5])
            try await live.finish(try await live.leaseRun(), losses: [0.3, 0.05])
            let result = try await task.value
            #expect(result.state == .finished && result.reason == "metric.target 0.1 reached")
            #expect(try await live.runs(sweep.id).count == 2)
        }
    }

    @Test func failedRunsAreImputedAndTheSweepGoesOn() async throws {
        try await LiveSweep.with { live in
            let sweep = try await live.sweep("method: grid\nmetric: {name: loss}\nparameters: {a: {values: [1, 2, 3]}}\nimage_uri: i\nscheduler: {num_workers: 1}\n")
            let task = live.scheduler(sweep.id)
            try await live.finish(try await live.leaseRun(), losses: [1])
            try await live.finish(try await live.leaseRun(), losses: [], state: .failed)
            try await live.finish(try await live.leaseRun(), losses: [3], state: .crashed, summary: false)
            #expect(try await task.value.state == .finished)
            let book = try await SchedulerBook.load(sweep.id, client: live.client)
            let states = book.method?["trials"]?.arrayValue?.compactMap { $0["state"]?.stringValue }
            #expect(states == ["finished", "failed", "crashed"])
        }
    }

    @Test func runsThatNeverReportTheMetricFailTheSweep() async throws {
        try await LiveSweep.with { live in
            let sweep = try await live.sweep("method: random\nmetric: {name: val_loss}\nparameters: {a: {min: 0.0, max: 1.0}}\nimage_uri: i\nscheduler: {num_workers: 1}\n")
            let task = live.scheduler(sweep.id)
            for _ in 0..<3 { try await live.finish(try await live.leaseRun(), losses: [1, 2], metric: "loss") }
            let result = try await task.value
            #expect(result.state == .failed)
            #expect(result.reason.contains("3 runs finished without logging the metric 'val_loss'"))
            let s = try await live.client.sweep(id: sweep.id)
            #expect(s.state == .failed)
            #expect(try await SchedulerBook.load(s, client: live.client, seed: 0).failure == result.reason)
        }
    }

    @Test func pauseHoldsNewRunsAndResumeContinues() async throws {
        try await LiveSweep.with { live in
            let sweep = try await live.sweep("method: grid\nmetric: {name: loss}\nparameters: {a: {values: [1, 2]}}\nimage_uri: i\nscheduler: {num_workers: 1}\n")
            let task = live.scheduler(sweep.id)
            let first = try await live.leaseRun()
            _ = try await live.client.transitionSweep(id: sweep.id, to: .paused)
            try await live.finish(first, losses: [1])
            // Once the scheduler has seen the run end while paused, it still has launched nothing new.
            _ = try await live.waitForState(sweep.id) { $0.trials.first?.told == true }
            #expect(try await live.runs(sweep.id).count == 1)
            _ = try await live.client.transitionSweep(id: sweep.id, to: .running)
            try await live.finish(try await live.leaseRun(), losses: [2])
            #expect(try await task.value.state == .finished)
        }
    }

    @Test func stopLetsRunningRunsFinishAndEndsQueuedOnes() async throws {
        try await LiveSweep.with { live in
            let sweep = try await live.sweep("method: grid\nmetric: {name: loss}\nparameters: {a: {values: [1, 2, 3]}}\nimage_uri: i\nscheduler: {num_workers: 2}\n")
            let task = live.scheduler(sweep.id)
            let running = try await live.leaseRun()
            _ = try await live.waitForRuns(sweep.id, count: 2)
            _ = try await live.client.transitionSweep(id: sweep.id, to: .stopped)
            #expect(try await task.value.state == .stopped)
            let runs = try await live.runs(sweep.id)
            #expect(runs.count == 2)
            let queued = try #require(runs.first { $0.id != running.run.id })
            #expect(queued.state == .stopped)
            let still = try await live.client.run(id: running.run.id)
            #expect(still.state == .running && still.stopRequestedAt == nil)
            try await live.finish(running, losses: [1])
        }
    }

    @Test func cancelAsksRunningRunsToStop() async throws {
        try await LiveSweep.with { live in
            let sweep = try await live.sweep("method: grid\nmetric: {name: loss}\nparameters: {a: {values: [1, 2, 3]}}\nimage_uri: i\nscheduler: {num_workers: 1}\n")
            let task = live.scheduler(sweep.id)
            let running = try await live.leaseRun()
            _ = try await live.client.transitionSweep(id: sweep.id, to: .cancelled)
            #expect(try await task.value.state == .cancelled)
            #expect(try await live.client.run(id: running.run.id).stopRequestedAt != nil)
        }
    }

    @Test func hyperbandStopsABadRunThroughTheServer() async throws {
        try await LiveSweep.with { live in
            let sweep = try await live.sweep(CoreFixture.hyperband)
            let task = live.scheduler(sweep.id)
            var leased: [(item: QueueItem, run: Run, spec: LaunchSpec)] = []
            for _ in 0..<5 { leased.append(try await live.leaseRun()) }
            for (i, h) in [[10.0], [10, 8, 8], [10, 7, 7], [10, 6, 6]].enumerated() {
                _ = try await live.client.appendMetrics(run: leased[i + 1].run.id, points: h.enumerated().map {
                    MetricPoint(step: Int64($0.offset), values: ["loss": .double($0.element)])
                })
            }
            // Appended after the others, so the scheduler folds it in last, whatever it reads together.
            _ = try await live.client.appendMetrics(run: leased[0].run.id, points: [MetricPoint(step: 0, values: ["loss": 11])])
            let book = try await live.waitForState(sweep.id) { $0.trials.first { $0.runID == leased[0].run.id }?.stopRequested == true }
            #expect(book.trials.contains { $0.runID == leased[0].run.id && $0.stopRequested })
            #expect(try await live.client.run(id: leased[0].run.id).stopRequestedAt != nil)
            _ = try await live.client.transitionSweep(id: sweep.id, to: .cancelled)
            _ = try await task.value
        }
    }

    /// A scheduler stopped between saving an intent and creating its run (here: a state written as
    /// the crashed one left it) launches that intent on restart; one stopped after creating the run
    /// finds it by name. Either way the grid's points are each run once.
    @Test func restartedSchedulerNeitherRepeatsNorLosesATrial() async throws {
        try await LiveSweep.with { live in
            let yaml = "method: grid\nmetric: {name: loss}\nparameters: {a: {values: [1, 2, 3, 4]}}\nimage_uri: i\nscheduler: {num_workers: 1}\n"
            let sweep = try await live.sweep(yaml)
            // Life 1: run one trial to the end, then stop the scheduler mid-flight (cancelled task).
            let first = live.scheduler(sweep.id)
            try await live.finish(try await live.leaseRun(), losses: [1])
            let second = try await live.leaseRun()
            first.cancel()
            _ = try? await first.value
            try await live.finish(second, losses: [2])
            // Forge the crash window: the state of a scheduler that saw the run end and saved intent #2,
            // then died before creating its run.
            // It is saved whole (format 1, as earlier versions saved): such a state must resume too.
            var s = try await live.client.sweep(id: sweep.id)
            var core = try CoreFixture.core(yaml, book: try await SchedulerBook.load(s, client: live.client, seed: 0), sweepID: sweep.id.rawValue)
            let ended = try await live.client.run(id: second.run.id)
            _ = core.observe(ended, history: try await live.client.metrics(run: ended.id))
            guard case .launch(let intent) = core.next(sweepState: .running) else { Issue.record("no intent"); return }
            s = try await live.client.saveSchedulerState(sweep: sweep.id, state: try core.savedState(), expectedVersion: s.schedulerStateVersion)
            // Life 2 must launch the intent (not a new point) and finish the rest.
            let restarted = live.scheduler(sweep.id)
            let relaunched = try await live.leaseRun()
            #expect(relaunched.run.name == intent.name && relaunched.run.config == intent.config)
            try await live.finish(relaunched, losses: [3])
            try await live.finish(try await live.leaseRun(), losses: [4])
            #expect(try await restarted.value.state == .finished)
            let runs = try await live.runs(sweep.id)
            #expect(runs.count == 4)
            #expect(Set(runs.map(\.config)).count == 4)
            #expect(Set(runs.compactMap(\.name)).count == 4)
        }
    }
}
