import Foundation
import SwoopTestSupport
import SwoopClient
import SwoopModel
import Testing

/// Sweeps on launch end to end, all real processes: `swoop server`, `swoop job create` from a folder,
/// `swoop queue create`, `swoop launch-sweep`, and `swoop launch-agent`s that start the built-in
/// scheduler and the training runs.
@Suite("sweeps on launch", .serialized)
struct SweepsOnLaunchTests {
    /// One training script for every sweep: its behaviour comes from constant parameters (steps, pause, fail).
    static let trainScript = """
        import json, os, sys, time
        cfg = json.loads(os.environ["SWOOP_CONFIG"])
        if cfg.get("fail"):
            print("boom: this job always fails", file=sys.stderr)
            sys.exit(3)
        x, y = float(cfg.get("x", 0)), float(cfg.get("y", 0))
        for step in range(int(cfg.get("steps", 1))):
            print("@swoop " + json.dumps({"loss": (x - 3) ** 2 + y + 1.0 / (step + 1)}), flush=True)
            time.sleep(float(cfg.get("pause", 0)))
        """

    /// A world with the training job published from a folder and queue `q`, both through the CLI.
    struct Setup {
        let world: LaunchWorld
        var auth: [String] { ["--base-url", world.baseURL, "--api-key", world.adminKey, "--entity", world.entity.name] }

        static func start() async throws -> Setup {
            let w = try await LaunchWorld.start()
            let folder = w.dir.appendingPathComponent("code", isDirectory: true)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(SweepsOnLaunchTests.trainScript.utf8).write(to: folder.appendingPathComponent("train.py"))
            let s = Setup(world: w)
            let job = try SwoopProcess.run(
                ["job", "create", "--project", "proj", "--name", "train", "--code", folder.path, "--entry-point", "python3 train.py"] + s.auth)
            try #require(job.status == 0, "\(job.stderr)")
            let queue = try SwoopProcess.run(["queue", "create", "q", "--resource", "local-process"] + s.auth)
            try #require(queue.status == 0, "\(queue.stderr)")
            return s
        }

        /// `swoop launch-sweep` of this configuration (the job line is added); the sweep's id.
        func launch(_ config: String) throws -> SweepID {
            let path = try world.file("sweep-\(UUID().uuidString.prefix(6)).yaml", "job: team/proj/train:latest\n" + config)
            let r = try SwoopProcess.run(["launch-sweep", path, "--queue", "q", "--project", "proj"] + auth)
            try #require(r.status == 0, "\(r.stderr)")
            let line = try #require(r.lines.first { $0.hasPrefix("Created sweep with ID: ") })
            return SweepID(String(line.dropFirst("Created sweep with ID: ".count)))
        }

        /// Waits for the sweep to end (bounded), then for its runs to end; returns both.
        func finish(_ id: SweepID, seconds: Double = 180) async throws -> (Sweep, [Run]) {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                let sweep = try await world.client.sweep(id: id)
                let runs = try await self.runs(id)
                if sweep.state.isTerminal, runs.allSatisfy(\.state.isTerminal) {
                    if sweep.state == .failed {
                        // The scheduler's run (the sweep's id) says why: shown when a test did not expect it.
                        print("sweep \(id) failed; scheduler log:\n" + ((try? await world.log(RunID(id.rawValue))) ?? "-"))
                    }
                    return (sweep, runs)
                }
                try await Task.sleep(for: .milliseconds(200))
            }
            throw LaunchWorld.WorldError("sweep \(id) did not end in \(seconds) s: \(try await world.client.sweep(id: id).state)")
        }

        func runs(_ id: SweepID) async throws -> [Run] {
            try await world.client.sweepRuns(sweep: id, limit: 1000).runs
        }

        /// Launches the sweep, serves it with one agent (at most `maxJobs` runs) and waits for its end.
        func sweep(_ config: String, maxJobs: Int, seconds: Double = 180) async throws -> (SweepID, Sweep, [Run]) {
            let id = try launch(config)
            let agent = try await self.agent("one", maxJobs: maxJobs)
            defer { agent.signal(SIGTERM) }
            let (sweep, runs) = try await finish(id, seconds: seconds)
            return (id, sweep, runs)
        }

        func agent(_ name: String, maxJobs: Int) async throws -> LiveProcess {
            try await world.agent(["q"], ["--max-jobs", String(maxJobs), "--poll-seconds", "1", "--stop-grace-seconds", "2"], name: name)
        }
    }

    static func points(_ runs: [Run]) -> [String] {
        runs.map { r in ["x", "y"].map { r.config[$0].map(JSONText.render) ?? "-" }.joined(separator: ",") }.sorted()
    }

    static let grid = """
        method: grid
        metric: {name: loss, goal: minimize}
        parameters:
          x: {values: [1, 2, 3]}
          y: {values: [0, 1]}
          steps: {value: 2}
          pause: {value: 0.3}
        """

    static let gridPoints = ["1,0", "1,1", "2,0", "2,1", "3,0", "3,1"]

    @Test func gridThroughOneAgentRunsEveryPointOnce() async throws {
        let s = try await Setup.start()
        defer { s.world.stop() }
        let (id, sweep, runs) = try await s.sweep(Self.grid + "\nscheduler: {num_workers: 2}\n", maxJobs: 2)
        #expect(sweep.state == .finished)
        #expect(Self.points(runs) == Self.gridPoints)
        #expect(runs.allSatisfy { $0.state == .finished })
        let status = try SwoopProcess.run(["sweep", "status", id.rawValue] + s.auth)
        #expect(status.stdout.contains("progress: 6/6 runs"), "\(status.stdout)")
        #expect(status.stdout.contains("best: 0.5 "), "x=3, y=0 at its second step: \(status.stdout)")
    }

    @Test func gridThroughTwoAgentsRunsEveryPointOnceOnBoth() async throws {
        let s = try await Setup.start()
        defer { s.world.stop() }
        let id = try s.launch(Self.grid + "\nscheduler: {num_workers: 2}\n")
        // One run each at a time: with two runs wanted at once, the second must go to the other agent.
        let a = try await s.agent("a", maxJobs: 1)
        let b = try await s.agent("b", maxJobs: 1)
        defer { a.signal(SIGTERM); b.signal(SIGTERM) }
        let (sweep, runs) = try await s.finish(id)
        #expect(sweep.state == .finished)
        #expect(Self.points(runs) == Self.gridPoints)
        let ranOn = try ["a", "b"].map { name in
            try FileManager.default.contentsOfDirectory(atPath: s.world.dir.appendingPathComponent("work-\(name)/runs").path)
                .filter { $0 != id.rawValue }.count
        }
        #expect(ranOn.allSatisfy { $0 > 0 } && ranOn.reduce(0, +) == 6, "runs per agent: \(ranOn)")
    }

    @Test func randomSweepStopsAtRunCap() async throws {
        let s = try await Setup.start()
        defer { s.world.stop() }
        let (_, sweep, runs) = try await s.sweep("""
            method: random
            run_cap: 5
            metric: {name: loss, goal: minimize}
            parameters:
              x: {min: 0.0, max: 6.0}
            scheduler: {num_workers: 2}
            """, maxJobs: 2)
        #expect(sweep.state == .finished)
        #expect(runs.count == 5)
        let xs = runs.compactMap { $0.config["x"]?.number }
        #expect(xs.count == 5 && Set(xs).count == 5 && xs.allSatisfy { (0...6).contains($0) }, "\(xs)")
    }

    @Test func bayesSweepRunsToItsCap() async throws {
        let s = try await Setup.start()
        defer { s.world.stop() }
        let (_, sweep, runs) = try await s.sweep("""
            method: bayes
            run_cap: 6
            metric: {name: loss, goal: minimize}
            parameters:
              x: {min: -2.0, max: 8.0}
              y: {values: [0, 1]}
            scheduler: {num_workers: 2}
            """, maxJobs: 2)
        #expect(sweep.state == .finished)
        #expect(runs.count == 6)
        #expect(runs.allSatisfy { $0.state == .finished && $0.config["x"]?.number.map { (-2...8).contains($0) } == true })
    }

    @Test func hyperbandStopsWeakRuns() async throws {
        let s = try await Setup.start()
        defer { s.world.stop() }
        // Later grid points are ever worse at every step; each run logs 12 steps over ~3.6 s.
        let (_, sweep, runs) = try await s.sweep("""
            method: grid
            metric: {name: loss, goal: minimize}
            early_terminate: {type: hyperband, min_iter: 2, eta: 2}
            parameters:
              x: {values: [3, 4, 5, 6, 7, 8]}
              steps: {value: 12}
              pause: {value: 0.3}
            scheduler: {num_workers: 2}
            """, maxJobs: 2, seconds: 240)
        #expect(sweep.state == .finished)
        #expect(runs.count == 6)
        let stopped = runs.filter { $0.state == .stopped }
        #expect(!stopped.isEmpty, "\(runs.map { "\($0.config["x"] ?? nil) \($0.state)" })")
        for run in stopped {
            #expect(try await s.world.client.metrics(run: run.id).points.count < 12, "a stopped run did not log every step")
        }
        #expect(runs.first { $0.config["x"] == 3 }?.state == .finished, "the best run is never stopped")
    }

    @Test func aJobThatAlwaysFailsFailsTheSweepWithTheReason() async throws {
        let s = try await Setup.start()
        defer { s.world.stop() }
        let (id, sweep, runs) = try await s.sweep("""
            method: random
            run_cap: 20
            metric: {name: loss, goal: minimize}
            parameters:
              x: {min: 0.0, max: 1.0}
              fail: {value: true}
            scheduler: {num_workers: 1}
            """, maxJobs: 1)
        #expect(sweep.state == .failed)
        #expect(runs.count >= 5 && runs.count < 20)
        #expect(runs.allSatisfy { $0.state == .failed && $0.exitCode == 3 })
        let status = try SwoopProcess.run(["sweep", "status", id.rawValue] + s.auth)
        #expect(status.stdout.contains("failed: the first 5 runs failed or crashed and none finished"), "\(status.stdout)")
    }

    @Test func aBadConfigurationIsRejectedBeforeAnythingIsQueued() async throws {
        let s = try await Setup.start()
        defer { s.world.stop() }
        let path = try s.world.file("bad.yaml", "job: team/proj/train:latest\nmethod: grid\nparameters:\n  x: {min: 0.1, max: abc}\n")
        let r = try SwoopProcess.run(["launch-sweep", path, "--queue", "q", "--project", "proj"] + s.auth)
        #expect(r.status == 1)
        #expect(r.stderr.contains(path) && r.stderr.contains("parameters.x"), "\(r.stderr)")
        let queues = try await s.world.client.listQueues(entity: s.world.entity.id).items
        let q = try #require(queues.first { $0.name == "q" })
        #expect(try await s.world.client.listQueueItems(queue: q.id).items.isEmpty)
        #expect(try await s.world.client.listSweeps(project: s.world.project.id).items.isEmpty)
    }

    // MARK: The sweep's lifecycle through real agents

    /// The largest number of runs that were running at the same moment, from their start and end times.
    static func maxOverlap(_ runs: [Run]) -> Int {
        let edges = runs.flatMap { r -> [(Date, Int)] in
            guard let start = r.startedAt else { return [] }
            return [(start, 1), (r.endedAt ?? .distantFuture, -1)]
        }.sorted { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
        var now = 0, most = 0
        for (_, d) in edges { now += d; most = max(most, now) }
        return most
    }

    /// Waits (bounded) until `condition` holds for the sweep's runs; returns them.
    func waitForRuns(_ s: Setup, _ id: SweepID, seconds: Double = 120, _ condition: ([Run]) -> Bool) async throws -> [Run] {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let runs = try await s.runs(id)
            if condition(runs) { return runs }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw LaunchWorld.WorldError("the runs of sweep \(id) never got there: \(try await s.runs(id).map(\.state))")
    }

    /// The state the sweep's scheduler run (its id is the sweep's) ends in, once it has ended (bounded).
    func schedulerEnd(_ s: Setup, _ id: SweepID) async throws -> RunState {
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            let state = try await s.world.client.run(id: RunID(id.rawValue)).state
            if !state.isAlive { return state }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw LaunchWorld.WorldError("the scheduler of sweep \(id) did not end")
    }

    func sweepCommand(_ s: Setup, _ verb: String, _ id: SweepID) throws {
        let r = try SwoopProcess.run(["sweep", verb, id.rawValue] + s.auth)
        try #require(r.status == 0, "swoop sweep \(verb): \(r.stderr)")
    }

    /// Pause holds new runs while the scheduler keeps going; resume continues, and every grid point
    /// still runs exactly once.
    @Test func pauseHoldsNewRunsWithoutEndingTheSchedulerAndResumeContinues() async throws {
        let s = try await Setup.start()
        defer { s.world.stop() }
        let id = try s.launch(Self.grid.replacingOccurrences(of: "pause: {value: 0.3}", with: "pause: {value: 0.5}") + "\nscheduler: {num_workers: 1}\n")
        let agent = try await s.agent("one", maxJobs: 2)
        defer { agent.signal(SIGTERM) }
        _ = try await waitForRuns(s, id) { !$0.isEmpty }
        try sweepCommand(s, "pause", id)
        #expect(try await s.world.client.sweep(id: id).state == .paused)
        // What was launched before the pause ends; then nothing new starts while paused.
        let held = try await waitForRuns(s, id) { $0.allSatisfy(\.state.isTerminal) }
        for _ in 0..<3 {
            _ = try await s.world.client.sweepRuns(sweep: id, since: held.map(\.changeCursor).max() ?? 0, limit: 10, waitSeconds: 1)
        }
        let stillHeld = try await s.runs(id)
        #expect(stillHeld.count == held.count && held.count < 6, "a paused sweep launched runs: \(stillHeld.count) after \(held.count)")
        let scheduler = try await s.world.client.run(id: RunID(id.rawValue))
        #expect(scheduler.state == .running, "pause must not end the scheduler")
        try sweepCommand(s, "resume", id)
        let (sweep, runs) = try await s.finish(id)
        #expect(sweep.state == .finished)
        #expect(Self.points(runs) == Self.gridPoints)
        #expect(try await schedulerEnd(s, id) == .finished, "the same scheduler finished the sweep")
    }

    /// A grid sweep whose runs log `steps` values 0.3 s apart, with two runs running when `verb`
    /// (`swoop sweep stop|cancel`) is given; answers once every run has ended.
    func twoRunningThen(_ verb: String, steps: Int) async throws -> (Setup, LiveProcess, SweepID, [Run]) {
        let s = try await Setup.start()
        let id = try s.launch(Self.grid.replacingOccurrences(of: "steps: {value: 2}", with: "steps: {value: \(steps)}") + "\nscheduler: {num_workers: 2}\n")
        let agent = try await s.agent("one", maxJobs: 3)
        _ = try await waitForRuns(s, id) { runs in runs.filter { $0.state == .running }.count == 2 }
        try sweepCommand(s, verb, id)
        return (s, agent, id, try await waitForRuns(s, id) { $0.allSatisfy(\.state.isTerminal) })
    }

    /// Stop: no new runs, and the running runs finish their work (they are not stopped).
    @Test func stopLetsRunningRunsFinish() async throws {
        let (s, agent, id, runs) = try await twoRunningThen("stop", steps: 6)
        defer { agent.signal(SIGTERM); s.world.stop() }
        let ran = runs.filter { $0.startedAt != nil }
        #expect(ran.count >= 2 && ran.allSatisfy { $0.state == .finished }, "\(runs.map(\.state))")
        for run in ran { #expect(try await s.world.client.metrics(run: run.id).points.count == 6, "a stopped sweep's run was cut short") }
        #expect(runs.count < 6)
        #expect(try await s.world.client.sweep(id: id).state == .stopped)
    }

    /// Cancel: no new runs, and the running runs are asked to stop (they end `stopped`, cut short).
    @Test func cancelStopsRunningRuns() async throws {
        let (s, agent, id, runs) = try await twoRunningThen("cancel", steps: 40)
        defer { agent.signal(SIGTERM); s.world.stop() }
        #expect(runs.count == 2 && runs.allSatisfy { $0.state == .stopped && $0.stopRequestedAt != nil }, "\(runs.map(\.state))")
        for run in runs { #expect(try await s.world.client.metrics(run: run.id).points.count < 40) }
        #expect(try await s.world.client.sweep(id: id).state == .cancelled)
    }

    /// `launch-sweep --resume-id` of a stopped sweep with a changed `scheduler.num_workers`: the new
    /// value wins (more runs at once than the first life allowed, never more than the new value), and
    /// the grid's points each still run once.
    @Test func resumeWithChangedNumWorkersUsesTheNewValue() async throws {
        let s = try await Setup.start()
        defer { s.world.stop() }
        let grid = Self.grid.replacingOccurrences(of: "pause: {value: 0.3}", with: "pause: {value: 0.6}")
        let id = try s.launch(grid + "\nscheduler: {num_workers: 1}\n")
        let agent = try await s.agent("one", maxJobs: 4)
        defer { agent.signal(SIGTERM) }
        _ = try await waitForRuns(s, id) { $0.contains { $0.state == .finished } }
        try sweepCommand(s, "stop", id)
        let first = try await waitForRuns(s, id) { $0.allSatisfy(\.state.isTerminal) }
        #expect(Self.maxOverlap(first) == 1)
        // The scheduler of the first life leaves once it sees the stop.
        #expect(try await schedulerEnd(s, id) == .finished)

        let path = try s.world.file("resume.yaml", "job: team/proj/train:latest\n" + grid + "\nscheduler: {num_workers: 3}\n")
        let r = try SwoopProcess.run(["launch-sweep", path, "--resume-id", id.rawValue, "--queue", "q", "--project", "proj"] + s.auth)
        try #require(r.status == 0, "\(r.stderr)")
        let (sweep, runs) = try await s.finish(id)
        #expect(sweep.state == .finished)
        let firstIDs = Set(first.map(\.id))
        let second = runs.filter { !firstIDs.contains($0.id) }
        let overlap = Self.maxOverlap(second)
        #expect(overlap >= 2 && overlap <= 3, "num_workers 3 after the resume: \(overlap) at once")
        // Every point ran, and none finished twice.
        let finished = Self.points(runs.filter { $0.state == .finished })
        #expect(Set(Self.points(runs)) == Set(Self.gridPoints) && Set(finished).count == finished.count, "\(Self.points(runs))")
    }
}
