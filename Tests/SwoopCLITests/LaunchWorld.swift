import Foundation
import SwoopTestSupport
import SwoopClient
import SwoopModel
import Testing

/// A real `swoop server` (SQLite in a temp folder, auth on, short lease checks) with an entity and a
/// project, plus helpers to make code-less jobs, enqueue runs and start real `swoop launch-agent`s.
final class LaunchWorld: Sendable {
    let server: LiveProcess
    let baseURL: String
    let adminKey: String
    let client: SwoopClient
    let entity: Entity
    let project: Project
    let dir: URL

    private init(server: LiveProcess, baseURL: String, adminKey: String, entity: Entity, project: Project, dir: URL) {
        self.server = server; self.baseURL = baseURL; self.adminKey = adminKey; self.entity = entity; self.project = project
        self.dir = dir
        client = SwoopClient(baseURL: baseURL, apiKey: adminKey, requestTimeout: 20)
    }

    static func start() async throws -> LaunchWorld {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("swoop-launch-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let (server, lines) = try await LiveProcess.start(
            ["server", "--host", "127.0.0.1", "--port", "0", "--data", dir.appendingPathComponent("data").path,
             "--lease-check-seconds", "1", "--recheck-seconds", "1", "--log-level", "warning"],
            readyMarker: "listening on ")
        // First start with auth on: the admin key line, then the address line.
        func after(_ marker: String) -> String? {
            lines.lazy.compactMap { l in l.range(of: marker).map { String(l[$0.upperBound...]) } }.first
        }
        guard let baseURL = after("listening on "), let key = after("(shown once): ") else {
            throw WorldError("unexpected server output: \(lines)")
        }
        let client = SwoopClient(baseURL: baseURL, apiKey: key)
        let entity = try await client.createEntity(name: "team")
        let project = try await client.createProject(entity: entity.id, name: "proj")
        return LaunchWorld(server: server, baseURL: baseURL, adminKey: key, entity: entity, project: project, dir: dir)
    }

    struct WorldError: Error, CustomStringConvertible {
        var description: String
        init(_ d: String) { description = d }
    }

    func queue(_ name: String, prioritized: Bool = true, policy: ExpiredLeasePolicy = .requeue) async throws -> Queue {
        try await client.createQueue(entity: entity.id, name: name, resource: "local-process", prioritized: prioritized, expiredLeasePolicy: policy)
    }

    /// Writes `text` to a file in the world's folder and returns its path.
    func file(_ name: String, _ text: String) throws -> String {
        let url = dir.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    /// A job without code whose entry point names absolute paths.
    func job(_ name: String, entryPoint: [String]) async throws -> JobVersion {
        let job = try await client.createJob(project: project.id, name: name)
        return try await client.addJobVersion(job: job.id, sourceKind: .code, entryPoint: entryPoint)
    }

    /// A queued run and the item that launches it.
    func enqueue(
        _ queue: Queue, _ version: JobVersion, config: [String: JSONValue] = [:], args: [String] = [], priority: Priority = .medium
    ) async throws -> (item: QueueItem, run: RunID) {
        let run = try await client.createRun(project: project.id, config: .object(config))
        let spec = LaunchSpec(
            jobID: version.jobID, jobVersion: version.version, entity: entity.name, project: project.name, runID: run.id,
            overrides: LaunchOverrides(args: args, runConfig: config))
        let item = try await client.enqueue(queue: queue.id, spec: try spec.json, priority: priority, run: run.id)
        return (item, run.id)
    }

    /// Starts `swoop launch-agent` on these queues; returns once it has registered.
    func agent(
        _ queues: [String], _ extra: [String] = [], name: String = "agent-\(UUID().uuidString.prefix(6))", environment: [String: String]? = nil
    ) async throws -> LiveProcess {
        let work = dir.appendingPathComponent("work-\(name)").path
        let args = ["launch-agent", "--base-url", baseURL, "--api-key", adminKey, "--entity", entity.name, "--name", name,
                    "--work-dir", work, "--log-level", "warning"] + queues.flatMap { ["--queue", $0] } + extra
        return try await LiveProcess.start(args, readyMarker: "swoop launch-agent: agent", environment: environment).0
    }

    /// Polls the run until `done` holds (or fails the wait after `seconds`, naming the last state).
    @discardableResult
    func waitForRun(_ id: RunID, seconds: Double = 120, _ done: (Run) -> Bool = { $0.state.isTerminal }) async throws -> Run {
        try await poll("run \(id)", seconds: seconds, read: { try await self.client.run(id: id) }, state: \.state.rawValue, done)
    }

    /// Polls the item until `done` holds.
    @discardableResult
    func waitForItem(_ id: QueueItemID, seconds: Double = 120, _ done: (QueueItem) -> Bool) async throws -> QueueItem {
        try await poll("item \(id)", seconds: seconds, read: { try await self.client.queueItem(id: id) }, state: \.state.rawValue, done)
    }

    private func poll<T>(
        _ what: String, seconds: Double, read: () async throws -> T, state: (T) -> String, _ done: (T) -> Bool
    ) async throws -> T {
        let deadline = Date().addingTimeInterval(seconds)
        var last = "-"
        while Date() < deadline {
            do {
                let value = try await read()
                if done(value) { return value }
                last = state(value)
            } catch SwoopClientError.server(404, _, _, _) {
                last = "not made yet"
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw WorldError("\(what) did not get there in \(seconds) s; last state \(last)")
    }

    /// Polls the run's log until it holds `text` (a run can be `running` before its first line is out).
    func waitForLog(_ run: RunID, _ text: String, seconds: Double = 300) async throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try await log(run).contains(text) { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw WorldError("run \(run)'s log never showed '\(text)' in \(seconds) s")
    }

    /// The run's whole log.
    func log(_ run: RunID) async throws -> String {
        var text = ""
        var offset: Int64 = 0
        while true {
            let page = try await client.logs(run: run, from: offset, limit: 1000)
            text += page.chunks.map(\.text).joined()
            if page.chunks.isEmpty || page.nextOffset == offset { return text }
            offset = page.nextOffset
        }
    }

    func stop() {
        server.signal(SIGTERM)
        try? FileManager.default.removeItem(at: dir)
    }
}
