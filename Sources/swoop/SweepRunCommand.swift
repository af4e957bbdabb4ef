import ArgumentParser
import Foundation
import Logging
import SwoopAgent
import SwoopClient
import SwoopConfig
import SwoopModel
import SwoopScheduler

/// `swoop sweep CONFIG`: the one-command local sweep. The distributed flow in one process: an embedded
/// server (SQLite in the data folder), `swoop launch-sweep`'s code, and one launch agent that starts the
/// built-in scheduler and the training runs, as any agent would.
struct SweepRunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a sweep here, in one process (the default: `swoop sweep CONFIG`).",
        discussion: """
            Starts a server on SQLite in --data (loopback, no authentication), publishes the configuration's \
            folder as a code job (the configuration's `program` and `command` macros, as with W&B), creates \
            queue 'local', launches the sweep on it and serves it with one launch agent running --workers \
            runs at once as local processes; the agent starts the built-in scheduler like any agent does. \
            Progress is redrawn in place on a terminal (plain lines otherwise). Ctrl-C cancels the sweep \
            (running runs are stopped) and exits 130; a second Ctrl-C stops at once. Exits 0 when the sweep \
            finished, 1 when it failed or was ended otherwise. Afterwards `swoop server --data DIR` serves \
            the results.
            """
    )

    @Argument(help: "Sweep configuration (YAML or JSON) with a program or command; runs start in its folder.")
    var config: String
    @Option(help: "Runs at once (sets scheduler.num_workers; default: the configuration's, else \(SweepPlan.defaultNumWorkers)).") var workers: Int?
    @Option(help: "Data folder: the database, code and run folders.") var data = ".swoop"
    @Option(help: "Port of the embedded server (0: a free one).") var port = 0
    @Option(help: "Project (default: the configuration's project, else the configuration folder's name).") var project: String?

    func validate() throws {
        if let workers, !(1...256).contains(workers) { throw ValidationError("--workers must be 1...256") }
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0...65535") }
    }

    func run() async throws {
        let loaded = SweepConfigLoader.load(path: config)
        for d in loaded.diagnostics { Stderr.line(d.description) }
        guard let parsed = loaded.config else { throw ExitCode(1) }
        let local = try LocalSweepJob(config: parsed, path: config)
        // One process owns the server it talks to: settings meant for another server must not leak in.
        for name in ["SWOOP_BASE_URL", "SWOOP_API_KEY", "SWOOP_ENTITY", "SWOOP_PROJECT"] { unsetenv(name) }
        StandardErrorLogging.bootstrap(.error)
        let dataURL = URL(fileURLWithPath: data, isDirectory: true).standardizedFileURL
        let server = try await EmbeddedServer.start(data: dataURL, port: port, logger: Logger(label: "swoop.server"))
        var status: Int32 = 0
        do {
            try await CommandFailure.reporting(baseURL: server.baseURL) {
                status = try await sweep(parsed, local, server: server, dataURL: dataURL)
            }
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
        if status != 0 { throw ExitCode(status) }
    }

    /// Sets the sweep up, runs it to its end and reports; returns the exit status.
    func sweep(_ parsed: SweepConfig, _ local: LocalSweepJob, server: EmbeddedServer, dataURL: URL) async throws -> Int32 {
        let options = try ServerOptions.parse(["--base-url", server.baseURL])
        let session = try await ServerSession.open(options)
        let projectName = project ?? parsed.project ?? local.folder.lastPathComponent
        _ = try await session.project(named: projectName, create: true)
        if try await ServerSession.all({ try await session.client.listQueues(entity: session.entity.id, page: $0) })
            .first(where: { $0.name == LocalSweepJob.queue }) == nil {
            _ = try await ServerSession.createIgnoringRace {
                try await session.client.createQueue(entity: session.entity.id, name: LocalSweepJob.queue, resource: "local-process")
            }
        }
        let reference = try await local.publish(session, project: projectName)
        let launchable = try local.configuration(job: reference, workers: workers)
        let launcher = try LaunchSweepCommand.parse([
            "--base-url", server.baseURL, "--entity", session.entity.name, "--queue", LocalSweepJob.queue, "--project", projectName,
        ])
        let sweepID = try await launcher.launch(session.client, launchable)
        let numWorkers = SweepPlan(config: launchable, settings: LifeSettings()).numWorkers
        let agent = LaunchAgent(
            client: session.client,
            options: LaunchAgentOptions(
                queues: [LocalSweepJob.queue], entity: session.entity.name, name: "local-\(ProcessInfo.processInfo.processIdentifier)",
                maxJobs: numWorkers, maxSchedulers: 1, pollWaitSeconds: 1, drainGrace: .seconds(30)),
            settings: RunSettings(
                workDirectory: dataURL.appendingPathComponent("agent", isDirectory: true),
                swoopExecutable: LaunchAgentCommand.executablePath, baseURL: server.baseURL, stopGrace: .seconds(5)),
            logger: Logger(label: "swoop.agent"))
        let agentTask = Task { try await agent.run() }
        let watcher = SweepWatcher(client: session.client, sweep: sweepID, config: launchable)
        let signals = LaunchAgentCommand.onSignals { count in
            Task {
                if count == 1 {
                    await watcher.interrupt()
                } else {
                    await agent.handBack()
                    Stdout.line("")
                    Foundation.exit(130)
                }
            }
        }
        defer { signals.forEach { $0.cancel() } }
        let end = try await watcher.watch()
        await agent.drain()
        _ = try? await agentTask.value
        return report(end, sweepID: sweepID, dataURL: dataURL)
    }

    /// The final lines: how the sweep ended, the best run and its hyperparameters, where the data is.
    func report(_ end: SweepWatcher.End, sweepID: SweepID, dataURL: URL) -> Int32 {
        let status = end.progress.status
        Stdout.line("sweep \(sweepID) \(end.state.rawValue): \(status.runs) run\(status.runs == 1 ? "" : "s") (\(end.progress.statesText))")
        if let best = status.best {
            Stdout.line("best run \(status.bestRun ?? "?"): \(end.progress.metric ?? "value") = \(SweepProgress.number(best))")
            for (key, value) in (status.bestConfig?.objectValue ?? [:]).sorted(by: { $0.key < $1.key }) {
                Stdout.line("  \(key): \(SweepProgress.value(value))")
            }
        } else if let metric = end.progress.metric {
            Stdout.line("no run reported \(metric)")
        }
        Stdout.line("data: \(dataURL.path)")
        Stdout.line("web app: `swoop server --data \(dataURL.path) --auth off`, then http://127.0.0.1:8080/sweeps/\(sweepID)")
        if end.interrupted { return 130 }
        switch end.state {
        case .finished: return 0
        case .failed:
            Stderr.line("error: sweep \(sweepID) failed: \(status.failure ?? "see the scheduler's log (run \(sweepID))")")
            return 1
        default:
            Stderr.line("error: sweep \(sweepID) ended \(end.state.rawValue)")
            return 1
        }
    }
}
