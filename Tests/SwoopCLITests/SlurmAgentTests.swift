import Foundation
import SwoopClient
import SwoopModel
import Testing

/// `swoop launch-agent` with `resource: slurm`, end to end: the real binary, a real server, the real one-node Slurm.
@Suite(.serialized, .enabled(if: SlurmCluster.shouldRun, "no Slurm: run scripts/ci/slurm-up.sh and set SLURM_CONF and SWOOP_TEST_SLURM=1"))
struct SlurmAgentTests {
    /// A Slurm queue whose template uses the dynamic macros.
    static func slurmQueue(_ w: LaunchWorld, _ name: String, template: JSONValue = [:]) async throws -> Queue {
        try await w.client.createQueue(entity: w.entity.id, name: name, resource: "slurm", configTemplate: template)
    }

    static func enqueue(
        _ w: LaunchWorld, _ queue: Queue, _ version: JobVersion, config: [String: JSONValue] = [:], resourceArgs: JSONValue? = nil
    ) async throws -> (item: QueueItem, run: RunID) {
        let run = try await w.client.createRun(project: w.project.id, config: .object(config))
        let spec = LaunchSpec(
            jobID: version.jobID, jobVersion: version.version, entity: w.entity.name, project: w.project.name, runID: run.id,
            overrides: LaunchOverrides(runConfig: config), resourceArgs: resourceArgs)
        return (try await w.client.enqueue(queue: queue.id, spec: try spec.json, run: run.id), run.id)
    }

    /// Says what Slurm made of the job, then trains (LaunchAgentTests' script: metrics on stdout, a line on stderr).
    static let wrapper = """
        #!/bin/sh
        echo "slurm job=$SLURM_JOB_NAME partition=$SLURM_JOB_PARTITION cpus=$SLURM_CPUS_PER_TASK"
        exec python3 "$@"
        """

    @Test func severalRunsThroughSlurm() async throws {
        try SlurmCluster.require()
        let w = try await LaunchWorld.start()
        defer { w.stop() }
        let q = try await Self.slurmQueue(w, "hpc", template: ["job_name": "${project_name}-${run_id}", "time": "5", "cpus_per_task": 1])
        let wrapper = try w.file("wrap.sh", Self.wrapper)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: wrapper)
        let train = try await w.job("train", entryPoint: [wrapper, try w.file("train.py", LaunchAgentTests.trainScript), "${args}"])
        let failing = try await w.job("bad", entryPoint: ["python3", "-c", "import sys; print('trying'); sys.exit(3)"])
        var good: [(RunID, Double)] = []
        for i in 0..<6 {
            let lr = 0.1 * Double(i + 1)
            good.append((try await Self.enqueue(w, q, train, config: ["lr": .double(lr)], resourceArgs: i == 0 ? ["cpus_per_task": 2] : nil).run, lr))
        }
        let (failItem, failRun) = try await Self.enqueue(w, q, failing)
        let (badItem, badRun) = try await Self.enqueue(w, q, train, config: ["lr": 1], resourceArgs: ["time": "an hour"])
        let agent = try await w.agent(["hpc"], ["--max-jobs", "8"], environment: SlurmCluster.agentEnvironment)
        defer { agent.signal(SIGKILL) }

        for (i, (runID, lr)) in good.enumerated() {
            let run = try await w.waitForRun(runID, seconds: 300)
            #expect(run.state == .finished, "\(run)")
            #expect(run.exitCode == 0)
            let log = try await w.log(runID)
            #expect(log.contains("slurm job=proj-\(runID.rawValue) partition=debug cpus=\(i == 0 ? 2 : 1)"), "\(log)")
            #expect(log.contains("swoop agent: submitted as Slurm job "))
            #expect(log.contains("file-matches True"))
            #expect(log.contains("to stderr"))
            let history = try await w.client.metrics(run: runID)
            #expect(history.points.map(\.step) == [0, 1, 2])
            #expect(history.points.first?.values["loss"] == .double(lr))
        }
        let failed = try await w.waitForRun(failRun)
        #expect(failed.state == .failed && failed.exitCode == 3 && failed.errorMessage == "exited with code 3")
        #expect(try await w.log(failRun).contains("trying"))
        #expect(try await w.waitForItem(failItem.id) { $0.state.isTerminal }.state == .failed)
        let bad = try await w.waitForRun(badRun)
        #expect(bad.state == .failed)
        #expect(bad.errorMessage?.hasPrefix("slurm resource configuration 'time': expected minutes") == true, "\(bad)")
        #expect(try await w.waitForItem(badItem.id) { $0.state.isTerminal }.errorMessage?.contains("'time'") == true)
        agent.signal(SIGTERM)
        #expect(await agent.waitForExit(seconds: 60) == 0, "bad arguments failed their run, not the agent")
    }

    static let sleeper = """
        import sys, time
        print("started", flush=True)
        time.sleep(300)
        """

    @Test func stopRequestCancelsTheSlurmJob() async throws {
        try SlurmCluster.require()
        let w = try await LaunchWorld.start()
        defer { w.stop() }
        let q = try await Self.slurmQueue(w, "hpc", template: ["job_name": "stop-${run_id}"])
        let job = try await w.job("sleeper", entryPoint: ["python3", try w.file("sleep.py", Self.sleeper)])
        let (item, runID) = try await Self.enqueue(w, q, job)
        let agent = try await w.agent(["hpc"], environment: SlurmCluster.agentEnvironment)
        defer { agent.signal(SIGKILL) }
        try await w.waitForRun(runID, seconds: 300) { $0.state == .running }
        try await w.waitForLog(runID, "started")
        _ = try await w.client.requestStop(run: runID)
        let run = try await w.waitForRun(runID, seconds: 300)
        #expect(run.state == .stopped, "\(run)")
        #expect(run.errorMessage == "stopped on request")
        #expect(try await w.waitForItem(item.id) { $0.state.isTerminal }.state == .done)
        let states = try SlurmCluster.tool("squeue", ["-h", "-t", "all", "-n", "stop-\(runID.rawValue)", "-o", "%T"])
        #expect(states.trimmingCharacters(in: .whitespacesAndNewlines) == "CANCELLED")
    }

    /// First time: starts, then is preempted by an `urgent` job that needs the whole node; second time: finishes.
    static let preemptable = """
        #!/bin/sh
        if [ -f "$1" ]; then echo "second start"; exit 0; fi
        touch "$1"
        echo "first start"
        sleep 300
        """

    @Test func preemptedJobGoesBackToItsQueue() async throws {
        try SlurmCluster.require()
        let w = try await LaunchWorld.start()
        defer { w.stop() }
        let cpus = try SlurmCluster.tool("sinfo", ["-h", "-p", "debug", "-o", "%c"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let q = try await Self.slurmQueue(w, "hpc", template: ["partition": "debug", "cpus_per_task": .string(cpus)])
        let script = try w.file("preemptable.sh", Self.preemptable)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script)
        let job = try await w.job("preemptable", entryPoint: [script, w.dir.appendingPathComponent("marker").path])
        let (first, runID) = try await Self.enqueue(w, q, job)
        let agent = try await w.agent(["hpc"], environment: SlurmCluster.agentEnvironment)
        defer { agent.signal(SIGKILL) }
        try await w.waitForRun(runID, seconds: 300) { $0.state == .running }
        try await w.waitForLog(runID, "first start")
        try SlurmCluster.tool("sbatch", ["-p", "urgent", "-c", cpus, "-o", "/dev/null", "--wrap", "sleep 1"])
        #expect(try await w.waitForItem(first.id) { $0.state.isTerminal }.state == .done)
        let run = try await w.waitForRun(runID, seconds: 300) { $0.state == .finished }
        #expect(run.exitCode == 0)
        let log = try await w.log(runID)
        #expect(log.contains("(PREEMPTED); the run goes back to its queue"), "\(log)")
        #expect(log.contains("second start"))
        let items = try await w.client.listQueueItems(queue: q.id).items
        #expect(items.count == 2, "the preempted run was queued once more")
        let again = try #require(items.first { $0.id != first.id })
        #expect(try LaunchSpec(json: again.spec).resumeCount == 1)
        #expect(again.runID == runID)
    }
}

/// Slurm's TIMEOUT takes a minute or more (its limits are whole minutes, checked every 30 s): a suite of its
/// own, so it runs beside the other Slurm tests rather than after them.
@Suite(.enabled(if: SlurmCluster.shouldRun, "no Slurm: run scripts/ci/slurm-up.sh and set SLURM_CONF and SWOOP_TEST_SLURM=1"))
struct SlurmTimeoutTests {
    @Test func timeLimitFailsTheRunWithAMessage() async throws {
        try SlurmCluster.require()
        let w = try await LaunchWorld.start()
        defer { w.stop() }
        let q = try await SlurmAgentTests.slurmQueue(w, "hpc")
        let job = try await w.job("sleeper", entryPoint: ["python3", try w.file("sleep.py", SlurmAgentTests.sleeper)])
        let (item, runID) = try await SlurmAgentTests.enqueue(w, q, job, resourceArgs: ["time": "0:05"])
        let agent = try await w.agent(["hpc"], environment: SlurmCluster.agentEnvironment)
        defer { agent.signal(SIGKILL) }
        try await w.waitForRun(runID, seconds: 300) { $0.state == .running }
        let run = try await w.waitForRun(runID, seconds: 400)
        #expect(run.state == .failed, "\(run)")
        #expect(run.errorMessage?.contains("reached its time limit (TIMEOUT)") == true, "\(run)")
        #expect(try await w.waitForItem(item.id) { $0.state.isTerminal }.state == .failed)
        #expect(try await w.log(runID).contains("started"))
    }
}
