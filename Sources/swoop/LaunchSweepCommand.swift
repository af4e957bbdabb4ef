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
        let sweep: Sweep
        do { sweep = try await client.sweep(id: id) } catch SwoopClientError.server(404, _, _, _) {
            throw fail("Could not find sweep \(entityName)/\(projectName)/\(id)")
        } catch SwoopClientError.server(400, _, _, _) {
            throw fail("Could not find sweep \(entityName)/\(projectName)/\(id)")
        }
        guard sweep.state != .running else { throw fail("Cannot resume sweep \(entityName)/\(projectName)/\(id), it is already running") }
        // Pending: a scheduler is already queued for it; a second one would only lose the state race.
        guard sweep.state != .pending else { throw fail("Cannot resume sweep \(entityName)/\(projectName)/\(id), it is pending: its scheduler is already queued") }
        let stored = SweepConfigLoader.parse(document: sweep.config, file: "sweep \(id)").config
        var settings = LaunchSweepRules.settings(in: sweep.schedulerState)
        if let parsed {
            let diff = LaunchSweepRules.resumeDifferences(stored: sweep.config, provided: parsed.document)
            if let key = diff.frozen.first {
                throw fail("\(config ?? "config"): \(key): cannot change '\(key)' when resuming sweep \(id): parameters, method and the training job are frozen (stored: \(JSONText.render(keyValue(sweep.config, key))), given: \(JSONText.render(keyValue(parsed.document, key))))")
            }
            if diff.ignored { Stderr.line("warning: \(LaunchSweepRules.ignoredOnResume)") }
            settings.scheduler = LaunchSweepRules.merged(old: settings.scheduler ?? stored?.scheduler, new: parsed.scheduler)
            settings.launch = LaunchSweepRules.merged(old: settings.launch ?? stored?.launch, new: parsed.launch)
        }
        settings.priorRuns += priorRuns.filter { !settings.priorRuns.contains($0) }
        let launcher = SweepLauncher(client: client)
        try await launcher.checkPriorRuns(priorRuns)
        let launch = settings.launch ?? stored?.launch
        let proj = try await client.project(id: sweep.projectID)
        let entity = try await client.entity(id: proj.entityID)
        var queueID = sweep.queueID
        var queueName = queueID?.rawValue ?? ""
        if let name = LaunchSweepRules.queue(flag: queue, launch: launch) {
            queueID = try await launcher.queueNamed(entity, name).id
            queueName = name
        } else if let queueID {
            queueName = try await client.queue(id: queueID).name
        }
        guard let queueID else { throw fail(LaunchSweepRules.noQueue) }
        let scheduler = settings.scheduler ?? stored?.scheduler
        let schedulerJob = try await launcher.schedulerJobVersion(scheduler, entity.name, proj.name)
        let priority = launch?["priority"].flatMap(SweepPlan.priority) ?? sweep.priority
        _ = try await client.saveSchedulerState(sweep: id, state: try LaunchSweepRules.stateWithSettings(sweep.schedulerState, settings),
                                                expectedVersion: sweep.schedulerStateVersion)
        _ = try await client.updateSweepLaunch(sweep: id, queue: queueID, priority: priority)
        _ = try await client.transitionSweep(id: id, to: .pending)
        let spec = LaunchSweepRules.schedulerSpec(sweep: id, entity: entity.name, project: proj.name, queue: queueName,
                                                  scheduler: scheduler, launch: launch, job: schedulerJob,
                                                  author: try? await client.me().user?.name)
        _ = try await client.enqueue(queue: queueID, spec: try spec.json, priority: priority, sweep: id, isScheduler: true)
        Stdout.line("Resumed sweep with ID: \(id)")
        Stdout.line("Scheduler added to launch queue (\(queueName))")
    }

    func keyValue(_ doc: JSONValue, _ key: String) -> JSONValue {
        if key == "scheduler.job" { return doc["scheduler"]?["job"] ?? .null }
        return doc[key] ?? .null
    }
}
