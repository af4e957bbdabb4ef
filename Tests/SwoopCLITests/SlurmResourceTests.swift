import Foundation
import SwoopModel
import Testing
@testable import SwoopAgent

/// `SlurmResource` and `SlurmJobTracker` against the real one-node cluster (no Swoop server needed).
@Suite(.enabled(if: SlurmCluster.shouldRun, "no Slurm: run scripts/ci/slurm-up.sh and set SLURM_CONF and SWOOP_TEST_SLURM=1"))
struct SlurmResourceTests {
    actor Lines {
        var all: [OutputLine] = []
        var startedCalls = 0
        func add(_ l: OutputLine) { all.append(l) }
        func started() { startedCalls += 1 }
        func texts(_ stream: OutputLine.Stream) -> [String] { all.filter { $0.stream == stream }.map(\.text) }
        func waitFor(_ text: String, timeout: Duration = .seconds(300)) async -> Bool {
            let deadline = ContinuousClock.now + timeout
            while ContinuousClock.now < deadline {
                if all.contains(where: { $0.text == text }) { return true }
                try? await Task.sleep(for: .milliseconds(50))
            }
            return false
        }
    }

    func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("swoop-slurm-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    func prepared(_ command: [String], config: JSONValue = [:], in dir: URL) -> PreparedRun {
        var environment = ProcessInfo.processInfo.environment
        environment["SWOOP_RUN_ID"] = "r-\(dir.lastPathComponent.suffix(6))"
        return PreparedRun(runID: RunID(environment["SWOOP_RUN_ID"]!), command: command, environment: environment, workingDirectory: dir, resourceConfig: config)
    }

    let resource = SlurmResource(pollInterval: .milliseconds(300), tailInterval: .milliseconds(100))

    @Test func outputExitCodeAndEnvironmentOfAJob() async throws {
        try SlurmCluster.require()
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let lines = Lines()
        let outcome = await resource.run(
            prepared(["sh", "-c", "echo \"run $SWOOP_RUN_ID in $(pwd)\"; echo '@swoop {\"loss\": 1}'; echo oops >&2; printf 'no newline'; exit 3"],
                     config: ["time": 5, "job_name": "swoop-test"], in: dir),
            control: RunControl(), started: { await lines.started() }, output: { await lines.add($0) })
        #expect(outcome == .exited(3))
        let out = await lines.texts(.stdout)
        #expect(out == ["run r-\(dir.lastPathComponent.suffix(6)) in \(dir.path)", #"@swoop {"loss": 1}"#, "no newline"])
        let err = await lines.texts(.stderr)
        #expect(err.first?.hasPrefix("swoop agent: submitted as Slurm job ") == true)
        #expect(err.contains("oops"))
        #expect(await lines.startedCalls == 1, "a job that ran passes through running once")
        #expect(try String(contentsOf: dir.appendingPathComponent("swoop-exit-code"), encoding: .utf8) == "3\n")
    }

    /// A configuration the agent refuses, and one sbatch refuses: either way the run fails with the reason.
    @Test(arguments: [
        (JSONValue.object(["time": "soon"]), "slurm resource configuration 'time': expected minutes", false),
        (JSONValue.object(["partition": "no-such-partition"]), "sbatch", true),
    ] as [(JSONValue, String, Bool)])
    func refusedJobsFailTheRun(_ config: JSONValue, _ expected: String, _ scriptWritten: Bool) async throws {
        try SlurmCluster.require()
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let outcome = await resource.run(prepared(["true"], config: config, in: dir), control: RunControl(), output: { _ in })
        guard case .couldNotStart(let message) = outcome else { Issue.record("expected couldNotStart, got \(outcome)"); return }
        #expect(message.hasPrefix(expected) && (scriptWritten ? message.contains("partition") : true), "\(message)")
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent(SlurmBatchScript.scriptFile).path) == scriptWritten)
    }

    @Test func stopCancelsTheJob() async throws {
        try SlurmCluster.require()
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let lines = Lines()
        let control = RunControl()
        let run = Task {
            await resource.run(prepared(["sh", "-c", "echo up; sleep 300"], in: dir), control: control, output: { await lines.add($0) })
        }
        #expect(await lines.waitFor("up"))
        control.stop()
        let outcome = await run.value
        guard case .ended(.stopped, _, let message) = outcome else { Issue.record("expected a cancelled job, got \(outcome)"); return }
        #expect(message.contains("was cancelled (CANCELLED"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent(SlurmBatchScript.exitCodeFile).path),
                "the script's TERM trap leaves no exit code for a job Slurm ended")
    }

    /// Many jobs, one squeue per poll: the tracker is polled by hand here, so the count is exact.
    @Test func oneSqueueCallPerPollForAllJobs() async throws {
        try SlurmCluster.require()
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let commands = SlurmCommands()
        let tracker = SlurmJobTracker(commands: commands, interval: .seconds(3600))
        let codes: [Int32] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]
        var streams: [(Int32, AsyncStream<SlurmJobTracker.Event>)] = []
        for code in codes {
            let script = dir.appendingPathComponent("job\(code).sh")
            try Data("#!/bin/sh\n#SBATCH --output=/dev/null\nexit \(code)\n".utf8).write(to: script)
            let id = try await commands.submit(script: script.path, runEnvironment: [:])
            streams.append((code, await tracker.follow(jobID: id)))
        }
        var polls = 0
        while await tracker.followedCount > 0, polls < 200 {
            await tracker.pollOnce()
            polls += 1
            try await Task.sleep(for: .milliseconds(250))
        }
        #expect(await tracker.followedCount == 0, "every job ended within \(polls) polls")
        #expect(await tracker.squeueCalls == polls, "one squeue call per poll, for \(codes.count) jobs")
        for (code, stream) in streams {
            var last: SlurmJobReport?
            for await event in stream { if case .ended(let r) = event { last = r } }
            #expect(last?.state == (code == 0 ? .completed : .failed))
            #expect(last?.exitCode?.code == code, "scontrol gives the exit code of job exiting \(code)")
        }
    }
}
