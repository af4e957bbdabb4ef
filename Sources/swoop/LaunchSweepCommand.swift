import ArgumentParser
import Foundation
import SwoopClient
import SwoopConfig
import SwoopModel
import SwoopScheduler

/// `swoop launch-sweep CONFIG --queue Q --project P`: validates the configuration locally, stores the
/// sweep (pending) and puts its scheduler on the queue; `--resume-id` resumes a sweep that is not running.
struct LaunchSweepCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "launch-sweep",
        abstract: "Create (or resume) a sweep and put its scheduler on a launch queue.",
        discussion: """
            The queue comes from --queue or the configuration's launch.queue; the training job from \
            exactly one of the top-level keys job and image_uri. The built-in scheduler runs as \
            `swoop scheduler SWEEP_ID`; scheduler.job names a custom scheduler job instead. \
            launch.priority (critical, high, medium, low or 0-3; default medium) orders the scheduler \
            and every run on the queue. A resume keeps parameters, method and the training job \
            (changing one is an error naming the key); the scheduler and launch blocks and the queue \
            may change, and new values win.
            """
    )

    @OptionGroup var server: ServerOptions
    @Argument(help: "Sweep configuration (YAML or JSON).")
    var config: String?
    @Option(name: [.short, .long], help: "Launch queue (default: launch.queue in the configuration).")
    var queue: String?
    @Option(name: [.short, .long], help: "Project (default: $SWOOP_PROJECT, else the configuration's project).")
    var project: String?
    @Option(name: [.short, .customLong("resume-id")], help: "Resume this sweep (finished, stopped, cancelled, failed or paused).")
    var resumeID: String?
    @Option(name: [.customShort("R"), .customLong("prior-run")], help: "A run whose result warm-starts the method (repeatable).")
    var priorRuns: [String] = []

    func fail(_ message: String) -> ExitCode {
        Stderr.line("error: \(message)")
        return ExitCode(1)
    }

    func run() async throws {
        guard config != nil || resumeID != nil else { throw fail(LaunchSweepRules.noConfig) }
        var parsed: SweepConfig?
        if let path = config {
            let result = SweepConfigLoader.load(path: path)
            for d in result.diagnostics { Stderr.line(d.description) }
            guard let c = result.config else { throw ExitCode(1) }
            parsed = c
        }
        let client = server.makeClient()
        do {
            try await launch(client, parsed)
        } catch let e as SwoopClientError {
            throw fail("\(e)")
        } catch let e as SchedulerError {
            throw fail(e.message)
        }
    }

    /// Creates (or resumes) the sweep and queues its scheduler; returns the sweep's id.
    @discardableResult
    func launch(_ client: SwoopClient, _ parsed: SweepConfig?) async throws -> SweepID {
        var entityName = server.namedEntity ?? parsed?.entity
        if entityName == nil, let user = try? await client.me().user { entityName = user.name }
        guard let entityName else { throw fail(LaunchSweepRules.noEntity) }
        let env = ProcessInfo.processInfo.environment
        guard let projectName = project ?? env["SWOOP_PROJECT"] ?? parsed?.project else { throw fail(LaunchSweepRules.noProject) }

        if let resumeID {
            try await resume(client, SweepID(resumeID), parsed, entityName, projectName)
            return SweepID(resumeID)
        }
        guard let parsed else { throw fail(LaunchSweepRules.noConfig) }
        let sweep = try await SweepLauncher(client: client).launch(parsed, entity: entityName, project: projectName, queue: queue, priorRuns: priorRuns)
        Stdout.line("Created sweep with ID: \(sweep.id)")
        Stdout.line("Scheduler added to launch queue (\(LaunchSweepRules.queue(flag: queue, launch: parsed.launch) ?? ""))")
        return sweep.id
    }

    func resume(_ client: SwoopClient, _ id: SweepID, _ parsed: SweepConfig?, _ entityName: String, _ projectName: String) async throws {
        let resumed = try await SweepLauncher(client: client).resume(
            id, config: parsed, configName: config ?? "config", entity: entityName, project: projectName, queue: queue,
            priorRuns: priorRuns, warn: { Stderr.line("warning: \($0)") })
        Stdout.line("Resumed sweep with ID: \(id)")
        Stdout.line("Scheduler added to launch queue (\(resumed.queue))")
    }
}
