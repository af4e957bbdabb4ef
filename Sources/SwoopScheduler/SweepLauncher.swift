import SwoopClient
import SwoopConfig
import SwoopModel

/// What `swoop launch-sweep` does through the API, shared by the CLI and the web app's "create a sweep
/// on launch" form so both create the sweep, save its settings and queue its scheduler the same way.
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
