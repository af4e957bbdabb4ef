import SwoopClient
import SwoopConfig
import SwoopModel

/// What `swoop launch-sweep` does through the API, shared by the CLI and the web app's "create a sweep
/// on launch" form and Resume button so both create (or resume) the sweep, save its settings and queue
/// its scheduler the same way.
/// Refusals are `SchedulerError`s carrying launch-sweep's messages.
public struct SweepLauncher: Sendable {
    public let client: SwoopClient

    public init(client: SwoopClient) {
        self.client = client
    }

    /// Creates the sweep (pending) in `entity`/`project` (the project is made when missing), saves this
    /// life's settings, then puts the scheduler on the queue (`queue`, else `launch.queue`).
    public func launch(_ parsed: SweepConfig, entity entityName: String, project projectName: String, queue: String?,
                       priorRuns: [String] = []) async throws -> Sweep {
        guard let queueName = LaunchSweepRules.queue(flag: queue, launch: parsed.launch) else { throw SchedulerError(LaunchSweepRules.noQueue) }
        try LaunchSweepRules.checkExecutable(parsed)
        let entity = try await client.entity(named: entityName)
        let proj = try await projectNamed(entity, projectName)
        let q = try await queueNamed(entity, queueName)
        var settings = LifeSettings(priorRuns: priorRuns)
        if let job = parsed.job {
            let v = try await resolve(job, entityName, projectName)
            settings.jobID = v.jobID; settings.jobVersion = v.version
        }
        let schedulerJob = try await schedulerJobVersion(parsed.scheduler, entityName, projectName)
        try await checkPriorRuns(priorRuns)
        let priority = parsed.launch?["priority"].flatMap(SweepPlan.priority) ?? .medium
        let sweep = try await client.createSweep(project: proj.id, name: parsed.name, config: parsed.document, queue: q.id, priority: priority)
        // Settings are saved before the scheduler item exists, so the scheduler always finds them.
        _ = try await client.saveSchedulerState(sweep: sweep.id, state: try LaunchSweepRules.stateWithSettings(nil, settings),
                                                expectedVersion: sweep.schedulerStateVersion)
        let spec = LaunchSweepRules.schedulerSpec(sweep: sweep.id, entity: entityName, project: projectName, queue: queueName,
                                                  scheduler: parsed.scheduler, launch: parsed.launch, job: schedulerJob,
                                                  author: try? await client.me().user?.name)
        _ = try await client.enqueue(queue: q.id, spec: try spec.json, priority: priority, sweep: sweep.id, isScheduler: true)
        return sweep
    }

    /// What a resume did: the sweep, pending again, and the queue its new scheduler item is on.
    public struct Resumed: Sendable {
        public let sweep: Sweep
        public let queue: String
    }

    /// Resumes a sweep that is not running or pending (`launch-sweep --resume-id`): merges this life's
    /// scheduler and launch blocks from `parsed` (parameters, method and job are frozen), saves the
    /// settings, moves the sweep to `pending` and queues a new scheduler item, which continues from the
    /// saved state. `configName` names the file in messages; `warn` hears what is ignored.
    public func resume(
        _ id: SweepID, config parsed: SweepConfig?, configName: String = "config", entity entityName: String, project projectName: String,
        queue: String?, priorRuns: [String] = [], warn: (String) -> Void = { _ in }
    ) async throws -> Resumed {
        let sweep: Sweep
        do { sweep = try await client.sweep(id: id) } catch SwoopClientError.server(let status, _, _, _) where status == 404 || status == 400 {
            throw SchedulerError("Could not find sweep \(entityName)/\(projectName)/\(id)")
        }
        guard sweep.state != .running else { throw SchedulerError("Cannot resume sweep \(entityName)/\(projectName)/\(id), it is already running") }
        // Pending: a scheduler is already queued for it; a second one would only lose the state race.
        guard sweep.state != .pending else {
            throw SchedulerError("Cannot resume sweep \(entityName)/\(projectName)/\(id), it is pending: its scheduler is already queued")
        }
        let stored = SweepConfigLoader.parse(document: sweep.config, file: "sweep \(id)").config
        var settings = LaunchSweepRules.settings(in: sweep.schedulerState)
        if let parsed {
            let diff = LaunchSweepRules.resumeDifferences(stored: sweep.config, provided: parsed.document)
            if let key = diff.frozen.first {
                throw SchedulerError("\(configName): \(key): cannot change '\(key)' when resuming sweep \(id): parameters, method and the training job are frozen (stored: \(JSONText.render(Self.keyValue(sweep.config, key))), given: \(JSONText.render(Self.keyValue(parsed.document, key))))")
            }
            if diff.ignored { warn(LaunchSweepRules.ignoredOnResume) }
            settings.scheduler = LaunchSweepRules.merged(old: settings.scheduler ?? stored?.scheduler, new: parsed.scheduler)
            settings.launch = LaunchSweepRules.merged(old: settings.launch ?? stored?.launch, new: parsed.launch)
        }
        settings.priorRuns += priorRuns.filter { !settings.priorRuns.contains($0) }
        try await checkPriorRuns(priorRuns)
        let launch = settings.launch ?? stored?.launch
        let proj = try await client.project(id: sweep.projectID)
        let entity = try await client.entity(id: proj.entityID)
        var queueID = sweep.queueID
        var queueName = queueID?.rawValue ?? ""
        if let name = LaunchSweepRules.queue(flag: queue, launch: launch) {
            queueID = try await queueNamed(entity, name).id
            queueName = name
        } else if let queueID {
            queueName = try await client.queue(id: queueID).name
        }
        guard let queueID else { throw SchedulerError(LaunchSweepRules.noQueue) }
        let scheduler = settings.scheduler ?? stored?.scheduler
        let schedulerJob = try await schedulerJobVersion(scheduler, entity.name, proj.name)
        let priority = launch?["priority"].flatMap(SweepPlan.priority) ?? sweep.priority
        _ = try await client.saveSchedulerState(sweep: id, state: try LaunchSweepRules.stateWithSettings(sweep.schedulerState, settings),
                                                expectedVersion: sweep.schedulerStateVersion)
        _ = try await client.updateSweepLaunch(sweep: id, queue: queueID, priority: priority)
        let pending = try await client.transitionSweep(id: id, to: .pending)
        let spec = LaunchSweepRules.schedulerSpec(sweep: id, entity: entity.name, project: proj.name, queue: queueName,
                                                  scheduler: scheduler, launch: launch, job: schedulerJob,
                                                  author: try? await client.me().user?.name)
        _ = try await client.enqueue(queue: queueID, spec: try spec.json, priority: priority, sweep: id, isScheduler: true)
        return Resumed(sweep: pending, queue: queueName)
    }

    static func keyValue(_ doc: JSONValue, _ key: String) -> JSONValue {
        if key == "scheduler.job" { return doc["scheduler"]?["job"] ?? .null }
        return doc[key] ?? .null
    }

    public func projectNamed(_ entity: Entity, _ name: String) async throws -> Project {
        do { return try await client.project(entity: entity.name, named: name) } catch SwoopClientError.server(404, _, _, _) {
            return try await client.createProject(entity: entity.id, name: name)
        }
    }

    public func queueNamed(_ entity: Entity, _ name: String) async throws -> Queue {
        var page = PageRequest.first
        while true {
            let queues = try await client.listQueues(entity: entity.id, page: page)
            if let q = queues.items.first(where: { $0.name == name }) { return q }
            guard let next = queues.nextCursor else { break }
            page = PageRequest(cursor: next, limit: page.limit)
        }
        throw SchedulerError("Could not find queue '\(name)' in entity '\(entity.name)'")
    }

    public func resolve(_ job: String, _ entity: String, _ project: String) async throws -> JobVersion {
        do { return try await client.resolveJob(reference: job, entity: entity, project: project) } catch let e as SwoopClientError {
            throw SchedulerError("Failed to load job. \(job): \(e)")
        }
    }

    public func schedulerJobVersion(_ scheduler: JSONValue?, _ entity: String, _ project: String) async throws -> JobVersion? {
        guard let job = scheduler?["job"]?.stringValue else { return nil }
        return try await resolve(job, entity, project)
    }

    public func checkPriorRuns(_ ids: [String]) async throws {
        for id in ids {
            do { _ = try await client.run(id: RunID(id)) } catch let e as SwoopClientError {
                throw SchedulerError("--prior-run \(id): \(e)")
            }
        }
    }
}
