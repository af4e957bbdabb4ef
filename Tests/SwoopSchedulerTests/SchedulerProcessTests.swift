import Foundation
import SwoopTestSupport
import SwoopClient
import SwoopModel
import SwoopScheduler
import Testing

/// The real `swoop launch-sweep` and `swoop scheduler` binaries against a real server, the test
/// as the launch agent: the scheduler is killed with SIGKILL at many points and started again.
@Suite("Scheduler processes", .timeLimit(.minutes(5)))
struct SchedulerProcessTests {
    static var swoop: String { TestEnvironment.swoopBinary }

    /// Runs `swoop ARGS` to the end; returns status, stdout, stderr. Waits without blocking a thread:
    /// the server under test runs in this process on the same cooperative pool.
    static func run(_ args: [String], env: [String: String] = [:]) async throws -> (status: Int32, out: String, err: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
        p.arguments = ["-s", "KILL", "60", swoop] + args
        p.environment = ProcessInfo.processInfo.environment.merging(env) { _, new in new }
        let dir = FileManager.default.temporaryDirectory
        let outURL = dir.appendingPathComponent("swoop-\(UUID().uuidString).out"), errURL = dir.appendingPathComponent("swoop-\(UUID().uuidString).err")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: outURL); try? FileManager.default.removeItem(at: errURL) }
        p.standardOutput = try FileHandle(forWritingTo: outURL)
        p.standardError = try FileHandle(forWritingTo: errURL)
        p.standardInput = FileHandle.nullDevice
        try p.run()
        await exit(of: p)
        return (p.terminationStatus, try String(contentsOf: outURL, encoding: .utf8), try String(contentsOf: errURL, encoding: .utf8))
    }

    /// Waits for a process to end, sleeping between looks rather than blocking a thread.
    static func exit(of p: Process) async {
        while p.isRunning { try? await Task.sleep(for: .milliseconds(20)) }
    }

    /// A `swoop scheduler` process for the sweep.
    static func startScheduler(_ sweep: SweepID, baseURL: String, log: URL) throws -> Process {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: swoop)
        p.arguments = ["scheduler", sweep.rawValue, "--wait-seconds", "5"]
        p.environment = ProcessInfo.processInfo.environment.merging(["SWOOP_BASE_URL": baseURL]) { _, new in new }
        if !FileManager.default.fileExists(atPath: log.path) { FileManager.default.createFile(atPath: log.path, contents: nil) }
        let handle = try FileHandle(forWritingTo: log)
        handle.seekToEndOfFile()
        p.standardOutput = handle
        p.standardError = handle
        p.standardInput = FileHandle.nullDevice
        try p.run()
        return p
    }

    static func write(_ text: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sweep-\(UUID().uuidString).yaml")
        try Data(text.utf8).write(to: url)
        return url.path
    }

    static func sweepID(in output: String) throws -> SweepID {
        let line = try #require(output.split(separator: "\n").first { $0.hasPrefix("Created sweep with ID: ") })
        return SweepID(String(line.dropFirst("Created sweep with ID: ".count)))
    }

    @Test func killedSchedulerRunsEveryGridPointExactlyOnce() async throws {
        try await LiveSweep.with { live in
            let base = live.client.baseURL
            let config = try Self.write("""
                method: grid
                metric: {name: loss}
                parameters:
                  a: {values: [1, 2, 3, 4]}
                  b: {values: [x, y]}
                scheduler: {num_workers: 2}
                launch: {queue: q, priority: low}
                image_uri: trainer:1
                """)
            let launched = try await Self.run(["launch-sweep", config, "--project", "proj", "--entity", "team", "--base-url", base])
            #expect(launched.status == 0, "\(launched.err)")
            #expect(launched.out.contains("Scheduler added to launch queue (q)"))
            let sweepID = try Self.sweepID(in: launched.out)
            let schedulerItem = try #require(try await live.client.lease(agent: live.agent.id, leaseSeconds: 3600, waitSeconds: 5))
            #expect(schedulerItem.isScheduler && schedulerItem.sweepID == sweepID && schedulerItem.priority == .low)
            let schedulerSpec = try LaunchSpec(json: schedulerItem.spec)
            #expect(schedulerSpec.kind == .scheduler && schedulerSpec.job == nil && schedulerSpec.sweepID == sweepID)
            _ = try await live.client.markRunning(item: schedulerItem.id, agent: live.agent.id)

            let log = FileManager.default.temporaryDirectory.appendingPathComponent("scheduler-\(UUID().uuidString).log")
            defer { try? FileManager.default.removeItem(at: log) }
            var scheduler = try Self.startScheduler(sweepID, baseURL: base, log: log)
            func restart(after delayMs: Int) async throws {
                if delayMs > 0 { try await Task.sleep(for: .milliseconds(delayMs)) }
                kill(scheduler.processIdentifier, SIGKILL)
                await Self.exit(of: scheduler)
                scheduler = try Self.startScheduler(sweepID, baseURL: base, log: log)
            }
            try await restart(after: 0)
            for i in 0..<8 {
                let leased = try await live.leaseRun()
                // Kill while the scheduler reacts to the lease, then again while it reacts to the run's end:
                // at varying moments, inside and between its saves and launches.
                try await restart(after: (i * 7) % 30)
                try await live.finish(leased, losses: [loss(of: leased.run.config.objectValue ?? [:])])
                try await restart(after: (i * 11) % 40)
            }
            await Self.exit(of: scheduler)
            let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            #expect(scheduler.terminationStatus == 0, "\(output)")
            let runs = try await live.runs(sweepID)
            #expect(runs.count == 8, "\(output)")
            #expect(Set(runs.map(\.config)).count == 8)
            #expect(runs.allSatisfy { $0.state == .finished })
            #expect(try await live.client.sweep(id: sweepID).state == .finished)

            let status = try await Self.run(["sweep", "status", sweepID.rawValue, "--base-url", base])
            #expect(status.status == 0)
            #expect(status.out.contains("state: finished"))
            #expect(status.out.contains("progress: 8/8 runs"))
            #expect(status.out.contains("by state: finished 8"))
            #expect(status.out.contains("best: 10.0 "))
        }
    }

    @Test func badConfigurationIsRejectedBeforeAnythingIsQueued() async throws {
        try await LiveSweep.with { live in
            let base = live.client.baseURL
            let bad = try Self.write("method: grid\nparameters:\n  lr: {min: 0.1, max: abc}\nimage_uri: i\n")
            let r = try await Self.run(["launch-sweep", bad, "--queue", "q", "--project", "proj", "--entity", "team", "--base-url", base])
            #expect(r.status == 1)
            #expect(r.err.contains(bad) && r.err.contains("parameters.lr"))
            let localScheduler = try Self.write("method: random\nparameters: {a: {min: 0.0, max: 1.0}}\nimage_uri: i\nscheduler: {job: team/proj/opt:latest, resource: local-process}\n")
            let r2 = try await Self.run(["launch-sweep", localScheduler, "--queue", "q", "--project", "proj", "--entity", "team", "--base-url", base])
            #expect(r2.status == 1 && r2.err.contains("Scheduler jobs cannot be run with the 'local-process' resource"))
            let unknownJob = try Self.write("method: random\nparameters: {a: {min: 0.0, max: 1.0}}\njob: team/proj/missing:latest\n")
            let r4 = try await Self.run(["launch-sweep", unknownJob, "--queue", "q", "--project", "proj", "--entity", "team", "--base-url", base])
            #expect(r4.status == 1 && r4.err.contains("Failed to load job."), "\(r4.err)")
            let items = try await live.client.listQueueItems(queue: live.queue.id)
            #expect(items.items.isEmpty)
            #expect(try await live.client.listSweeps(project: live.project.id).items.isEmpty)
        }
    }

    /// Fact 49: the messages of reference 5.2 steps 2, 6, 7 and 9, verbatim.
    @Test(arguments: [
        ([], nil, "'config' and/or 'resume_id' required"),
        (["CONFIG"], "method: random\nparameters: {a: {min: 0.0, max: 1.0}}\nimage_uri: i\n",
         "Launch-sweeps require setting a 'queue', use --queue option or a 'queue' key in the 'launch' section in the config"),
        (["CONFIG", "--queue", "q"], "method: random\nparameters: {a: {min: 0.0, max: 1.0}}\n",
         "No 'job' nor 'image_uri' top-level key found in sweep config, exactly one is required for a launch-sweep"),
        (["CONFIG", "--queue", "q"], "method: random\nparameters: {a: {min: 0.0, max: 1.0}}\njob: e/p/j:latest\nimage_uri: i\n",
         "Sweep config has both 'job' and 'image_uri' but a launch-sweep can use only one"),
        (["CONFIG", "--queue", "q"], "method: random\nparameters: {a: {min: 0.0, max: 1.0}}\nimage_uri: i\nscheduler: {docker_image: img, resource: local-process}\n",
         "Scheduler jobs cannot be run with the 'local-process' resource and a docker image"),
        (["CONFIG"], "method: random\nparameters: {a: {min: 0.0, max: 1.0}}\nimage_uri: i\ncommand: [\"${program}\"]\nlaunch: {queue: q}\n",
         "Program macro in command has no corresponding 'program' in sweep config."),
    ] as [([String], String?, String)])
    func launchSweepMessages(args: [String], config: String?, message: String) async throws {
        let path = try config.map(Self.write)
        let resolved = args.map { $0 == "CONFIG" ? path! : $0 }
        let r = try await Self.run(["launch-sweep"] + resolved + ["--project", "p", "--entity", "e", "--base-url", "http://127.0.0.1:9"])
        #expect(r.status == 1)
        #expect(r.err.contains(message), "\(r.err)")
    }

    @Test func sweepStateCommandsFollowW_BsGuard() async throws {
        try await LiveSweep.with { live in
            let base = live.client.baseURL
            let sweep = try await live.sweep("method: random\nparameters: {a: {min: 0.0, max: 1.0}}\nimage_uri: i\n")
            _ = try await live.client.transitionSweep(id: sweep.id, to: .running)
            func swoop(_ verb: String) async throws -> (status: Int32, out: String, err: String) {
                try await Self.run(["sweep", verb, sweep.id.rawValue, "--base-url", base])
            }
            #expect(try await swoop("pause").out.contains("sweep \(sweep.id): paused"))
            #expect(try await live.client.sweep(id: sweep.id).state == .paused)
            #expect(try await swoop("resume").out.contains("sweep \(sweep.id): running"))
            #expect(try await swoop("stop").out.contains("sweep \(sweep.id): stopped"))
            let again = try await swoop("stop")
            #expect(again.status == 1 && again.err.contains("Sweep already stopped."))
            let pause = try await swoop("pause")
            #expect(pause.status == 1 && pause.err.contains("Cannot pause stopped sweep."))
            let resume = try await swoop("resume")
            #expect(resume.status == 1 && resume.err.contains("swoop launch-sweep --resume-id \(sweep.id)"))
            let status = try await swoop("status")
            #expect(status.status == 0 && status.out.contains("state: stopped") && status.out.contains("runs: 0"))
            let cancel = try await swoop("cancel")
            #expect(cancel.status == 1 && cancel.err.contains("Sweep already stopped."))
        }
    }
}
