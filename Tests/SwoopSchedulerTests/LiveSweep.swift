import Foundation
import Logging
import SwoopClient
import SwoopConfig
import SwoopModel
import SwoopScheduler
import SwoopServer
import SwoopStore
import SwoopTestSupport
import Testing

/// A real server (SQLite in a temp folder, auth off, 127.0.0.1) with an entity, project, queue and
/// agent; the test plays the launch agent through the real API while a `SchedulerLoop` runs in-process.
struct LiveSweep: Sendable {
    let client: SwoopClient
    let entity: Entity
    let project: Project
    let queue: Queue
    let agent: Agent

    static func with(_ body: (LiveSweep) async throws -> Void) async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("swoop-sched-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try await StoreFactory.open(url: nil, dataDirectory: dir)
        var logger = Logger(label: "swoop.test")
        logger.logLevel = .critical
        let env = ServerEnvironment(
            store: store, blobs: BlobStore(dataDirectory: dir), configuration: ServerConfiguration(host: "127.0.0.1", port: 0, authenticationEnabled: false),
            logger: logger, localUser: try await SwoopServer.localUser(store: store))
        do {
            try await LoopbackServer.serve(SwoopServer(env: env)) { base in
                let client = SwoopClient(baseURL: base, apiKey: nil)
                let entity = try await client.createEntity(name: "team")
                let project = try await client.createProject(entity: entity.id, name: "proj")
                let queue = try await client.createQueue(entity: entity.id, name: "q", resource: "local-process", prioritized: true)
                let agent = try await client.registerAgent(entity: entity.id, name: "agent", queues: [queue.id])
                try await body(LiveSweep(client: client, entity: entity, project: project, queue: queue, agent: agent))
            }
        } catch {
            await store.close()
            throw error
        }
        await store.close()
    }

    func sweep(_ yaml: String, priority: Priority = .medium) async throws -> Sweep {
        let config = try CoreFixture.config(yaml)
        return try await client.createSweep(project: project.id, config: config.document, queue: queue.id, priority: priority)
    }

    /// The scheduler loop for a sweep, running until the sweep ends.
    func scheduler(_ sweep: SweepID) -> Task<SchedulerLoop<StudyScheduler>.Result, any Error> {
        let trace = ProcessInfo.processInfo.environment["SWOOP_SCHEDULER_TRACE"] != nil
        let loop = SchedulerLoop<StudyScheduler>(client: client, sweepID: sweep, waitSeconds: 5,
                                                 log: { if trace { print("\(Date().timeIntervalSince1970) \($0)") } }, factory: { config, saved, seed in
            try StudyScheduler(config: config, seed: seed, saved: saved)
        })
        return Task { try await loop.run() }
    }

    /// Leases the next run item (waiting for the scheduler to enqueue it) and starts its run.
    func leaseRun() async throws -> (item: QueueItem, run: Run, spec: LaunchSpec) {
        for _ in 0..<30 {
            guard let item = try await client.lease(agent: agent.id, leaseSeconds: 3600, waitSeconds: 10) else { continue }
            let runID = try #require(item.runID)
            _ = try await client.markRunning(item: item.id, agent: agent.id, run: runID)
            let run = try await client.transitionRun(id: runID, to: .running)
            return (item, run, try LaunchSpec(json: item.spec))
        }
        throw SchedulerError("no run item was enqueued")
    }

    /// Logs the values, then ends the run in `state` (with the last value as the summary when finished).
    func finish(_ leased: (item: QueueItem, run: Run, spec: LaunchSpec), losses: [Double], state: RunState = .finished,
                metric: String = "loss", summary: Bool = true) async throws {
        if !losses.isEmpty {
            _ = try await client.appendMetrics(run: leased.run.id, points: losses.enumerated().map {
                MetricPoint(step: Int64($0.offset), values: [metric: .double($0.element)])
            })
        }
        if summary, let last = losses.last { _ = try await client.setSummary(run: leased.run.id, summary: [metric: .double(last)]) }
        _ = try await client.transitionRun(id: leased.run.id, to: state, exitCode: state == .finished ? 0 : 1)
        _ = try await client.complete(item: leased.item.id, agent: agent.id)
    }

    /// Every run of the sweep.
    func runs(_ sweep: SweepID) async throws -> [Run] {
        try await client.sweepRuns(sweep: sweep, since: 0, limit: 1000).runs
    }

    /// Waits (on the server's long-poll, bounded by count) until the sweep has `count` runs.
    func waitForRuns(_ sweep: SweepID, count: Int) async throws -> [Run] {
        for _ in 0..<100 {
            let runs = try await self.runs(sweep)
            if runs.count >= count { return runs }
            _ = try await client.sweepRuns(sweep: sweep, since: runs.map(\.changeCursor).max() ?? 0, limit: 1, waitSeconds: 1)
        }
        throw SchedulerError("the sweep never got \(count) runs")
    }

    /// Waits (bounded by count, not time) until the scheduler's saved state satisfies `condition`.
    func waitForState(_ sweep: SweepID, _ condition: (SchedulerBook) -> Bool) async throws -> SchedulerBook {
        var cursor: Int64 = 0
        for _ in 0..<100 {
            if let book = try? await SchedulerBook.load(sweep, client: client), condition(book) { return book }
            cursor = try await client.sweepRuns(sweep: sweep, since: cursor, limit: 1000, waitSeconds: 1).nextCursor
        }
        throw SchedulerError("the scheduler's state never got there")
    }
}

/// The loss a test's training run reports for its hyperparameters.
func loss(of config: [String: JSONValue]) -> Double {
    (config["a"]?.number ?? 0) * 10 + (config["b"]?.stringValue == "y" ? 1 : 0)
}
