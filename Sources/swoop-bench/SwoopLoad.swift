import AsyncHTTPClient
import Foundation
import SwoopClient
import SwoopModel

/// The Swoop side of the benchmark: what it sets up through the API (as an admin) and the operations the
/// phases repeat, each through `SwoopClient` with the key a real caller would hold (run tokens for
/// metrics, agent tokens for leasing).
struct SwoopLoad: Sendable {
    let admin: SwoopClient
    let project: ProjectID
    let queue: QueueID

    init(baseURL: String, apiKey: String, http: HTTPClient) async throws {
        admin = SwoopClient(baseURL: baseURL, apiKey: apiKey, httpClient: http, maxAttempts: 1)
        let entity = try await admin.createEntity(name: "bench-\(UUID().uuidString.prefix(8).lowercased())")
        project = try await admin.createProject(entity: entity.id, name: "load").id
        queue = try await admin.createQueue(entity: entity.id, name: "load", resource: "local-process", prioritized: true).id
        entityID = entity.id
    }

    private let entityID: EntityID

    /// One run and its run token per writer.
    func writers(_ count: Int, name: String) async throws -> [(run: RunID, client: SwoopClient)] {
        var result: [(RunID, SwoopClient)] = []
        for i in 0..<count {
            let run = try await admin.createRun(project: project, name: "\(name)-\(i)", config: ["writer": .int(i)])
            let token = try await admin.createRunToken(run: run.id)
            result.append((run.id, admin.with(apiKey: token.key)))
        }
        return result
    }

    /// Appends one request's worth of new points to the worker's run.
    static func append(_ writer: (run: RunID, client: SwoopClient), shape: MetricShape, iteration: Int) async throws -> LoadOutcome {
        let first = shape.firstStep(iteration: iteration)
        var points: [MetricPoint] = []
        points.reserveCapacity(shape.steps)
        for step in first..<(first + shape.steps) {
            var values: [String: JSONValue] = [:]
            for k in 0..<shape.keys { values[MetricShape.key(k)] = .double(MetricShape.value(step: step, key: k)) }
            points.append(MetricPoint(step: Int64(step), values: values))
        }
        let result = try await writer.client.appendMetrics(run: writer.run, points: points)
        guard result.inserted == shape.steps * shape.keys else {
            throw BenchError.unexpected("appended \(shape.steps * shape.keys) points, server inserted \(result.inserted)")
        }
        return LoadOutcome(units: result.inserted)
    }

    /// Registers agents on the queue, each with its own agent token.
    func agents(_ count: Int) async throws -> [(agent: AgentID, client: SwoopClient)] {
        var result: [(AgentID, SwoopClient)] = []
        for i in 0..<count {
            let agent = try await admin.registerAgent(entity: entityID, name: "agent-\(i)", queues: [queue])
            let token = try await admin.createAgentToken(agent: agent.id)
            result.append((agent.id, admin.with(apiKey: token.key)))
        }
        return result
    }

    /// Enqueues `count` items, `concurrency` at a time, spread over the four priorities.
    func fillQueue(_ count: Int, concurrency: Int) async throws {
        let spec: JSONValue = ["job": "bench/load/train:latest", "args": ["--epochs", "1"]]
        try await withThrowingTaskGroup(of: Void.self) { group in
            for w in 0..<concurrency {
                group.addTask {
                    for i in stride(from: w, to: count, by: concurrency) {
                        _ = try await admin.enqueue(queue: queue, spec: spec, priority: Priority.allCases[i % Priority.allCases.count])
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    /// One agent round trip: lease the next item, complete it. Stops the worker when the queue is empty.
    static func leaseRoundTrip(_ agent: (agent: AgentID, client: SwoopClient)) async throws -> LoadOutcome {
        let (item, leaseMillis) = try await Stopwatch.time { try await agent.client.lease(agent: agent.agent) }
        guard let item else { return .exhausted }
        let (_, completeMillis) = try await Stopwatch.time { try await agent.client.complete(item.lease(heldBy: agent.agent)) }
        return LoadOutcome(units: 1, stepMillis: [leaseMillis, completeMillis])
    }
}
