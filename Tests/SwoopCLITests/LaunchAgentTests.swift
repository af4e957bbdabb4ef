import Foundation
import SwoopClient
import SwoopModel
import Testing

/// `swoop launch-agent` end to end: the real binary, a real server, real training processes.
@Suite(.serialized) struct LaunchAgentTests {
    /// Reads its hyperparameters every way an agent hands them over, checks its token, logs metrics on stdout.
    static let trainScript = """
        import json, os, sys, urllib.request
        cfg = json.loads(os.environ["SWOOP_CONFIG"])
        with open(os.environ["SWOOP_CONFIG_FILE"]) as f:
            from_file = json.load(f)
        url = os.environ["SWOOP_BASE_URL"] + "/api/v1/runs/" + os.environ["SWOOP_RUN_ID"]
        req = urllib.request.Request(url, headers={"Authorization": "Bearer " + os.environ["SWOOP_API_KEY"]})
        run = json.load(urllib.request.urlopen(req))
        print("argv " + json.dumps(sys.argv[1:]))
        print("config " + json.dumps(cfg, sort_keys=True))
        print("file-matches " + str(cfg == from_file))
        print("state-seen " + run["state"])
        print("where " + os.environ["SWOOP_ENTITY"] + "/" + os.environ["SWOOP_PROJECT"])
        for epoch in range(3):
            print("@swoop " + json.dumps({"loss": cfg["lr"] / (epoch + 1), "epoch": epoch}), flush=True)
        print("@swoop not json")
        print("to stderr", file=sys.stderr)
        """

    @Test func trainingRunGetsHyperparametersAndLogsMetrics() async throws {
        let w = try await LaunchWorld.start()
        defer { w.stop() }
        let q = try await w.queue("cpu")
        let script = try w.file("train.py", Self.trainScript)
        let job = try await w.job("train", entryPoint: ["python3", script, "${args}", "--run=${envvar:SWOOP_RUN_ID}"])
        let config: [String: JSONValue] = ["a": true, "b": false, "c": 1, "d": nil, "lr": 0.5]
        let (item, runID) = try await w.enqueue(q, job, config: config, args: ["--extra", "${args_json}"])
        let agent = try await w.agent(["cpu"], ["--poll-seconds", "2"])
        let run = try await w.waitForRun(runID)
        agent.signal(SIGTERM)
        #expect(run.state == .finished, "\(run)")
        #expect(run.exitCode == 0)
        let log = try await w.log(runID)
        let argv = try #require(log.split(separator: "\n").first { $0.hasPrefix("argv ") })
        // Fact 47's rendering, the envvar macro inside a token, and a macro in the appended args.
        let expected: JSONValue = [
            "--a=True", "--b=False", "--c=1", "--d=None", "--lr=0.5", .string("--run=\(runID.rawValue)"), "--extra",
            #"{"a": true, "b": false, "c": 1, "d": null, "lr": 0.5}"#,
        ]
        #expect(try JSONText.parse(String(argv.dropFirst(5))) == expected)
        #expect(log.contains(#"config {"a": true, "b": false, "c": 1, "d": null, "lr": 0.5}"#))
        #expect(log.contains("file-matches True"))
        #expect(log.contains("state-seen running"), "the run token reads its own run, already running")
        #expect(log.contains("where team/proj"))
        #expect(log.contains("to stderr"))
        #expect(log.contains(#"@swoop {"loss": 0.5, "epoch": 0}"#), "metric lines stay in the log too")
        #expect(log.contains("swoop agent: metric line ignored"))
        let history = try await w.client.metrics(run: runID)
        #expect(history.points.map(\.step) == [0, 1, 2])
        #expect(history.points.map { $0.values["loss"] } == [0.5, 0.25, .double(0.5 / 3)])
        #expect(try await w.waitForItem(item.id) { $0.state.isTerminal }.state == .done)
        #expect(await agent.waitForExit(seconds: 60) == 0, "a drained idle agent exits 0")
    }

    /// Appends its run id to a file, so a test sees which runs ran and in which order.
    static let recordScript = """
        import os, sys
        with open(sys.argv[1], "a") as f:
            f.write(os.environ["SWOOP_RUN_ID"] + "\\n")
        """

    @Test func prioritiesAreHonoured() async throws {
        let w = try await LaunchWorld.start()
        defer { w.stop() }
        let q = try await w.queue("prio")
        let order = w.dir.appendingPathComponent("order.txt").path
        let job = try await w.job("record", entryPoint: ["python3", try w.file("record.py", Self.recordScript), order])
        var expected: [Priority: [RunID]] = [:]
        for (i, p) in [Priority.low, .medium, .critical, .low, .high, .critical].enumerated() {
            let (_, run) = try await w.enqueue(q, job, config: ["i": .int(i)], priority: p)
            expected[p, default: []].append(run)
        }
        let agent = try await w.agent(["prio"], ["--max-jobs", "1"])
        defer { agent.signal(SIGKILL) }
        for run in expected.values.flatMap({ $0 }) { try await w.waitForRun(run) }
        let ran = try String(contentsOfFile: order, encoding: .utf8).split(separator: "\n").map { RunID(String($0)) }
        let want = [Priority.critical, .high, .medium, .low].flatMap { expected[$0] ?? [] }
        #expect(ran == want, "critical first, FIFO within a level")
    }

    @Test func twoAgentsNeverRunOneItemTwice() async throws {
        let w = try await LaunchWorld.start()
        defer { w.stop() }
        let q = try await w.queue("shared", prioritized: false)
        let ledger = w.dir.appendingPathComponent("ledger.txt").path
        let job = try await w.job("record", entryPoint: ["python3", try w.file("record.py", Self.recordScript), ledger])
        let a = try await w.agent(["shared"], ["--max-jobs", "4"], name: "a")
        let b = try await w.agent(["shared"], ["--max-jobs", "4"], name: "b")
        defer { a.signal(SIGKILL); b.signal(SIGKILL) }
        var runs: [RunID] = []
        for i in 0..<40 { runs.append(try await w.enqueue(q, job, config: ["i": .int(i)]).run) }
        for run in runs { #expect(try await w.waitForRun(run, seconds: 120).state == .finished) }
        let ran = try String(contentsOfFile: ledger, encoding: .utf8).split(separator: "\n").map { RunID(String($0)) }
        #expect(ran.count == 40)
        #expect(Set(ran) == Set(runs), "every item ran exactly once")
        let agents = try await w.client.listAgents(entity: w.entity.id).items
        #expect(agents.count == 2)
    }

    /// Prints, then sleeps: long enough to be killed or stopped mid-run.
    static let sleeperScript = """
        import os, sys, time
        print("started", flush=True)
        time.sleep(float(sys.argv[1]))
        print("woke", flush=True)
        """

    @Test(arguments: [ExpiredLeasePolicy.crash, .requeue])
    func agentKilledMidRun(_ policy: ExpiredLeasePolicy) async throws {
        let w = try await LaunchWorld.start()
        defer { w.stop() }
        let q = try await w.queue("fragile", policy: policy)
        let job = try await w.job("sleeper", entryPoint: ["python3", try w.file("sleep.py", Self.sleeperScript), "3"])
        let (item, runID) = try await w.enqueue(q, job)
        let doomed = try await w.agent(["fragile"], ["--lease-seconds", "3"])
        try await w.waitForRun(runID) { $0.state == .running }
        doomed.kill9()
        switch policy {
        case .crash:
            let run = try await w.waitForRun(runID, seconds: 120)
            #expect(run.state == .crashed)
            #expect(try await w.client.queueItem(id: item.id).state == .failed)
        case .requeue:
            try await w.waitForItem(item.id, seconds: 120) { $0.state == .pending }
            #expect(try await w.client.run(id: runID).state == .queued)
            // The orphaned process ends on its own; a new agent runs the run again to its end.
            let rescuer = try await w.agent(["fragile"])
            defer { rescuer.signal(SIGKILL) }
            #expect(try await w.waitForRun(runID, seconds: 120).state == .finished)
            #expect(try await w.waitForItem(item.id) { $0.state.isTerminal }.state == .done)
        }
    }

    @Test func runStoppedOnRequest() async throws {
        let w = try await LaunchWorld.start()
        defer { w.stop() }
        let q = try await w.queue("cpu")
        let job = try await w.job("sleeper", entryPoint: ["python3", try w.file("sleep.py", Self.sleeperScript), "600"])
        let (item, runID) = try await w.enqueue(q, job)
        let agent = try await w.agent(["cpu"], ["--stop-grace-seconds", "2"])
        defer { agent.signal(SIGKILL) }
        try await w.waitForRun(runID) { $0.state == .running }
        // Running comes before the process's first line; a stop in between would leave "started" unprinted.
        try await w.waitForLog(runID, "started")
        _ = try await w.client.requestStop(run: runID)
        let run = try await w.waitForRun(runID, seconds: 120)
        #expect(run.state == .stopped)
        #expect(run.exitCode == 128 + Int(SIGTERM))
        #expect(try await w.waitForItem(item.id) { $0.state.isTerminal }.state == .done)
        #expect(try await w.log(runID).contains("started"))
    }

    /// The agent polls the stop requests of all its runs in one request: each stop still reaches only its own run.
    /// Their leases (3 s, shorter than the runs) are renewed together too: a run whose renewal failed would be dropped.
    @Test func oneAgentStopsOnlyTheRunsAskedToStop() async throws {
        let w = try await LaunchWorld.start()
        defer { w.stop() }
        let q = try await w.queue("cpu")
        let script = try w.file("sleep.py", Self.sleeperScript)
        let long = try await w.job("sleeper", entryPoint: ["python3", script, "600"])
        let short = try await w.job("napper", entryPoint: ["python3", script, "8"])
        let (_, first) = try await w.enqueue(q, long)
        let (keptItem, kept) = try await w.enqueue(q, short)
        let (_, second) = try await w.enqueue(q, long)
        let agent = try await w.agent(["cpu"], ["--stop-grace-seconds", "2", "--max-jobs", "3", "--lease-seconds", "3"])
        defer { agent.signal(SIGKILL) }
        for run in [first, kept, second] { try await w.waitForLog(run, "started") }
        _ = try await w.client.requestStop(run: first)
        _ = try await w.client.requestStop(run: second)
        for run in [first, second] { #expect(try await w.waitForRun(run, seconds: 120).state == .stopped) }
        let finished = try await w.waitForRun(kept, seconds: 120)
        #expect(finished.state == .finished && finished.stopRequestedAt == nil)
        #expect(try await w.log(kept).contains("woke"))
        #expect(try await w.client.queueItem(id: keptItem.id).attempts == 1, "the item never went back to its queue")
    }

    /// The output of several runs goes to the server in shared rounds: every line reaches its own run's
    /// log once and in order, every metric line its own run's history.
    @Test func runsOutputArrivesWholeThroughSharedRounds() async throws {
        let w = try await LaunchWorld.start()
        defer { w.stop() }
        let q = try await w.queue("cpu")
        let script = try w.file("talk.py", """
            import os, sys, time
            tag = os.environ["SWOOP_RUN_ID"]
            for i in range(40):
                print(f"{tag} line {i}", flush=True)
                if i % 4 == 0:
                    print('@swoop {"step": %d, "loss": %d}' % (i // 4, i), flush=True)
                time.sleep(0.02)
            """)
        let job = try await w.job("talker", entryPoint: ["python3", script])
        var runs: [RunID] = []
        for _ in 0..<4 { runs.append(try await w.enqueue(q, job).run) }
        let agent = try await w.agent(["cpu"], ["--max-jobs", "4"])
        defer { agent.signal(SIGKILL) }
        for run in runs {
            #expect(try await w.waitForRun(run, seconds: 120).state == .finished)
            let lines = try await w.log(run).split(separator: "\n").map(String.init).filter { $0.hasPrefix(run.rawValue + " line") }
            #expect(lines == (0..<40).map { "\(run.rawValue) line \($0)" }, "run \(run)")
            let history = try await w.client.metrics(run: run)
            #expect(history.points.map(\.step) == Array(0..<10), "run \(run)")
            #expect(history.points.last?.values["loss"] == .int(36))
        }
    }

    /// More output than one request may carry (the server takes 4 MiB bodies) goes out in pieces, whole.
    @Test func aBurstLargerThanARequestGetsThroughInPieces() async throws {
        let w = try await LaunchWorld.start()
        defer { w.stop() }
        let q = try await w.queue("cpu")
        let job = try await w.job("burst", entryPoint: ["python3", "-c", "import sys\nfor i in range(50000): sys.stdout.write('%08d ' % i + 'x' * 100 + '\\n')"])
        let (_, run) = try await w.enqueue(q, job)
        let agent = try await w.agent(["cpu"])
        defer { agent.signal(SIGKILL) }
        #expect(try await w.waitForRun(run, seconds: 120).state == .finished)
        let lines = try await w.log(run).split(separator: "\n").filter { $0.hasSuffix("xxxx") }
        #expect(lines.count == 50000)
        #expect(lines.first?.hasPrefix("00000000 ") == true && lines.last?.hasPrefix("00049999 ") == true)
        #expect(try await w.client.run(id: run).logSize > 5_000_000)
    }

    @Test func nonZeroExitFailsWithItsCode() async throws {
        let w = try await LaunchWorld.start()
        defer { w.stop() }
        let q = try await w.queue("cpu")
        let job = try await w.job("bad", entryPoint: ["python3", "-c", "import sys; print('trying'); sys.exit(3)"])
        let (item, runID) = try await w.enqueue(q, job)
        let agent = try await w.agent(["cpu"])
        defer { agent.signal(SIGKILL) }
        let run = try await w.waitForRun(runID)
        #expect(run.state == .failed)
        #expect(run.exitCode == 3)
        #expect(run.errorMessage == "exited with code 3")
        let failed = try await w.waitForItem(item.id) { $0.state.isTerminal }
        #expect(failed.state == .failed)
        #expect(failed.errorMessage?.contains("exited with code 3") == true)
    }

    @Test func missingCommandFailsClearly() async throws {
        let w = try await LaunchWorld.start()
        defer { w.stop() }
        let q = try await w.queue("cpu")
        let job = try await w.job("ghost", entryPoint: ["no-such-command-swoop", "--x"])
        let (item, runID) = try await w.enqueue(q, job)
        let agent = try await w.agent(["cpu"])
        defer { agent.signal(SIGKILL) }
        let run = try await w.waitForRun(runID)
        #expect(run.state == .failed)
        #expect(run.errorMessage?.contains("command 'no-such-command-swoop' not found") == true, "\(run.errorMessage ?? "-")")
        #expect(try await w.log(runID).contains("no-such-command-swoop"))
        #expect(try await w.waitForItem(item.id) { $0.state.isTerminal }.errorMessage?.contains("no-such-command-swoop") == true)
    }

    /// Marks its own run preempted (through its token) on the first attempt, finishes on the second.
    static let preemptedScript = """
        import json, os, sys, urllib.request
        marker = sys.argv[1]
        if not os.path.exists(marker):
            open(marker, "w").close()
            url = os.environ["SWOOP_BASE_URL"] + "/api/v1/runs/" + os.environ["SWOOP_RUN_ID"] + "/state"
            req = urllib.request.Request(url, data=json.dumps({"state": "preempted"}).encode(), method="POST",
                headers={"Authorization": "Bearer " + os.environ["SWOOP_API_KEY"], "Content-Type": "application/json"})
            urllib.request.urlopen(req).read()
            print("preempted myself", flush=True)
        else:
            print("second attempt", flush=True)
        """

    @Test func preemptedRunIsQueuedAgain() async throws {
        let w = try await LaunchWorld.start()
        defer { w.stop() }
        let q = try await w.queue("spot")
        let marker = w.dir.appendingPathComponent("preempted-once").path
        let job = try await w.job("spot", entryPoint: ["python3", try w.file("preempt.py", Self.preemptedScript), marker])
        let (item, runID) = try await w.enqueue(q, job)
        let agent = try await w.agent(["spot"])
        defer { agent.signal(SIGKILL) }
        let run = try await w.waitForRun(runID) { $0.state == .finished }
        #expect(run.exitCode == 0)
        try await w.waitForItem(item.id) { $0.state.isTerminal }
        var items = try await w.client.listQueueItems(queue: q.id).items
        for other in items where other.id != item.id { try await w.waitForItem(other.id) { $0.state.isTerminal } }
        items = try await w.client.listQueueItems(queue: q.id).items
        #expect(items.count == 2)
        #expect(items.allSatisfy { $0.state == .done && $0.runID == runID })
        let again = try #require(items.first { $0.id != item.id })
        #expect(try LaunchSpec(json: again.spec).resumeCount == 1)
        let log = try await w.log(runID)
        #expect(log.contains("preempted myself") && log.contains("second attempt"))
    }

    @Test func sigtermDrainsTheAgent() async throws {
        let w = try await LaunchWorld.start()
        defer { w.stop() }
        let q = try await w.queue("cpu")
        let job = try await w.job("sleeper", entryPoint: ["python3", try w.file("sleep.py", Self.sleeperScript), "2"])
        let (_, first) = try await w.enqueue(q, job)
        let agent = try await w.agent(["cpu"], ["--max-jobs", "2", "--poll-seconds", "2"])
        defer { agent.signal(SIGKILL) }
        try await w.waitForRun(first) { $0.state == .running }
        agent.signal(SIGTERM)
        try await Task.sleep(for: .milliseconds(300))
        let (later, _) = try await w.enqueue(q, job)
        #expect(await agent.waitForExit(seconds: 60) == 0)
        #expect(try await w.client.run(id: first).state == .finished, "the running run finished")
        #expect(try await w.client.queueItem(id: later.id).state == .pending, "nothing new was taken while draining")
    }

    @Test func drainGraceHandsRunsBack() async throws {
        let w = try await LaunchWorld.start()
        defer { w.stop() }
        let q = try await w.queue("cpu")
        let job = try await w.job("sleeper", entryPoint: ["python3", try w.file("sleep.py", Self.sleeperScript), "600"])
        let (item, runID) = try await w.enqueue(q, job)
        let agent = try await w.agent(["cpu"], ["--drain-seconds", "1", "--stop-grace-seconds", "1"])
        defer { agent.signal(SIGKILL) }
        try await w.waitForRun(runID) { $0.state == .running }
        agent.signal(SIGTERM)
        #expect(await agent.waitForExit(seconds: 60) == 0)
        #expect(try await w.client.queueItem(id: item.id).state == .pending)
        #expect(try await w.client.run(id: runID).state == .queued)
    }

    /// A custom scheduler: reads its sweep with the scheduler token, launches one training run of it.
    static let schedulerScript = """
        import json, os, sys, urllib.request
        base, key, sweep = os.environ["SWOOP_BASE_URL"], os.environ["SWOOP_API_KEY"], os.environ["SWOOP_SWEEP_ID"]
        def call(method, path, body=None):
            req = urllib.request.Request(base + path, method=method, data=None if body is None else json.dumps(body).encode(),
                headers={"Authorization": "Bearer " + key, "Content-Type": "application/json"})
            return json.load(urllib.request.urlopen(req))
        print("scheduler of " + call("GET", "/api/v1/sweeps/" + sweep)["id"] + " as run " + os.environ["SWOOP_RUN_ID"], flush=True)
        spec = json.loads(sys.argv[1])
        launched = call("POST", "/api/v1/sweeps/" + sweep + "/runs", {"config": {"x": 7}, "spec": spec})
        print("launched " + launched["run"]["id"], flush=True)
        """

    @Test func customSchedulerRunsWithTheSchedulerToken() async throws {
        let w = try await LaunchWorld.start()
        defer { w.stop() }
        let q = try await w.queue("sweeps")
        let train = try await w.job("train", entryPoint: ["python3", "-c", "import os; print('x is', os.environ['SWOOP_CONFIG'], os.environ['SWOOP_SWEEP_ID'])"])
        let trainSpec = LaunchSpec(
            jobID: train.jobID, jobVersion: train.version, entity: w.entity.name, project: w.project.name,
            overrides: LaunchOverrides(runConfig: ["x": 7]))
        let scheduler = try await w.job("scheduler", entryPoint: [
            "python3", try w.file("scheduler.py", Self.schedulerScript), JSONText.render(try trainSpec.json),
        ])
        let schedulerSpec = LaunchSpec(kind: .scheduler, jobID: scheduler.jobID, jobVersion: scheduler.version, entity: w.entity.name, project: w.project.name)
        let sweep = try await w.client.createSweep(
            project: w.project.id, config: ["method": "grid", "parameters": ["x": ["values": [7]]]], queue: q.id,
            schedulerSpec: try schedulerSpec.json)
        let agent = try await w.agent(["sweeps"], ["--max-jobs", "1", "--max-schedulers", "1"])
        defer { agent.signal(SIGKILL) }
        let schedulerRun = try await w.waitForRun(RunID(sweep.id.rawValue))
        let log = try await w.log(schedulerRun.id)
        #expect(schedulerRun.state == .finished, "\(log)")
        #expect(log.contains("scheduler of \(sweep.id) as run \(sweep.id)"))
        let launched = try #require(log.split(separator: "\n").first { $0.hasPrefix("launched ") }?.dropFirst(9))
        let run = try await w.waitForRun(RunID(String(launched)))
        #expect(run.state == .finished)
        #expect(run.sweepID == sweep.id)
        #expect(try await w.log(run.id).contains(#"x is {"x": 7} \#(sweep.id.rawValue)"#))
    }

    @Test func codeJobsAreUnpackedOnceAndCopiedPerRun() async throws {
        let w = try await LaunchWorld.start()
        defer { w.stop() }
        let q = try await w.queue("cpu")
        let code = w.dir.appendingPathComponent("code", isDirectory: true)
        try FileManager.default.createDirectory(at: code.appendingPathComponent("lib"), withIntermediateDirectories: true)
        try Data("GREETING = 'hello from lib'\n".utf8).write(to: code.appendingPathComponent("lib/helper.py"))
        try Data("""
            import os, sys
            sys.path.insert(0, "lib")
            from helper import GREETING
            print(GREETING, sys.argv[1:], "leftover" if os.path.exists("scratch.txt") else "clean", flush=True)
            open("scratch.txt", "w").write("runs must not see each other's files")
            """.utf8).write(to: code.appendingPathComponent("train.py"))
        let archive = w.dir.appendingPathComponent("code.tar.gz")
        #expect(try SwoopProcess.runCommand("/bin/tar", ["-czf", archive.path, "-C", code.path, "."]).status == 0)
        let blob = try await w.client.uploadBlob(try Data(contentsOf: archive))
        let job = try await w.client.createJob(project: w.project.id, name: "coded")
        let version = try await w.client.addJobVersion(
            job: job.id, sourceKind: .code, entryPoint: ["python3", "train.py", "${args}"], artifactDigest: blob.digest)
        let first = try await w.enqueue(q, version, config: ["n": 1]).run
        let second = try await w.enqueue(q, version, config: ["n": 2]).run
        let agent = try await w.agent(["cpu"], name: "coder")
        defer { agent.signal(SIGKILL) }
        for (run, n) in [(first, 1), (second, 2)] {
            #expect(try await w.waitForRun(run).state == .finished)
            #expect(try await w.log(run).contains("hello from lib ['--n=\(n)'] clean"))
        }
        let cache = w.dir.appendingPathComponent("work-coder/code")
        #expect(try FileManager.default.contentsOfDirectory(atPath: cache.path) == [String(blob.digest.dropFirst(7))])
    }

    @Test func badAgentArguments() throws {
        let negative = try SwoopProcess.run(["launch-agent", "--queue", "q", "--max-jobs", "-2"])
        #expect(try SwoopProcess.run(["launch-agent", "--queue", "q", "--max-schedulers", "-3"]).stderr.contains("Invalid value for max_schedulers: -3"))
        #expect(negative.status == 2)
        #expect(negative.stderr.contains("Invalid value for max_jobs: -2. Error: negative value."))
        let none = try SwoopProcess.run(["launch-agent"])
        #expect(none.status == 2)
        #expect(none.stderr.contains("To launch an agent please specify a queue or a list of queues"))
    }

    @Test func unknownQueueIsNamed() async throws {
        let w = try await LaunchWorld.start()
        defer { w.stop() }
        _ = try await w.queue("cpu")
        let out = try SwoopProcess.run([
            "launch-agent", "--base-url", w.baseURL, "--api-key", w.adminKey, "--entity", "team", "--queue", "gpu",
            "--work-dir", w.dir.appendingPathComponent("w").path,
        ], timeout: 30)
        #expect(out.status == 1)
        #expect(out.stderr.contains("entity 'team' has no queue 'gpu' (it has: cpu)"), "\(out.stderr)")
    }
}
