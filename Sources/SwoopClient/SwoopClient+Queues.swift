import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SwoopModel

/// Queues, items and agents.
extension SwoopClient {
    public func createQueue(
        entity: EntityID, name: String, resource: String, configTemplate: JSONValue? = nil, prioritized: Bool? = nil,
        expiredLeasePolicy: ExpiredLeasePolicy? = nil
    ) async throws -> Queue {
        try await call(.POST, "/api/v1/entities/\(entity)/queues", json: Self.object([
            ("name", .string(name)), ("resource", .string(resource)), ("configTemplate", configTemplate),
            ("prioritized", prioritized.map { .bool($0) }), ("expiredLeasePolicy", expiredLeasePolicy.map { .string($0.rawValue) }),
        ]))
    }
    public func listQueues(entity: EntityID, page: PageRequest = .first) async throws -> Page<Queue> {
        try await call(.GET, "/api/v1/entities/\(entity)/queues", query: Self.paging(page))
    }
    public func queue(id: QueueID) async throws -> Queue { try await call(.GET, "/api/v1/queues/\(id)") }
    public func updateQueue(
        id: QueueID, configTemplate: JSONValue? = nil, prioritized: Bool? = nil, expiredLeasePolicy: ExpiredLeasePolicy? = nil
    ) async throws -> Queue {
        try await call(.PATCH, "/api/v1/queues/\(id)", json: Self.object([
            ("configTemplate", configTemplate), ("prioritized", prioritized.map { .bool($0) }),
            ("expiredLeasePolicy", expiredLeasePolicy.map { .string($0.rawValue) }),
        ]))
    }
    public func enqueue(
        queue: QueueID, spec: JSONValue, priority: Priority = .medium, run: RunID? = nil, sweep: SweepID? = nil, isScheduler: Bool = false
    ) async throws -> QueueItem {
        try await call(.POST, "/api/v1/queues/\(queue)/items", json: Self.object([
            ("spec", spec), ("priority", .string(priority.description)), ("run", run.map { .string($0.rawValue) }),
            ("sweep", sweep.map { .string($0.rawValue) }), ("isScheduler", .bool(isScheduler)),
        ]))
    }
    public func listQueueItems(queue: QueueID, states: [QueueItemState]? = nil, page: PageRequest = .first) async throws -> Page<QueueItem> {
        var q = Self.paging(page)
        if let states { q.append(("state", states.map(\.rawValue).joined(separator: ","))) }
        return try await call(.GET, "/api/v1/queues/\(queue)/items", query: q)
    }
    public func queueItem(id: QueueItemID) async throws -> QueueItem { try await call(.GET, "/api/v1/items/\(id)") }

    /// Claims the next item of the agent's queues; waits up to `waitSeconds` for one to be enqueued.
    public func lease(agent: AgentID, queues: [QueueID]? = nil, leaseSeconds: Int? = nil, waitSeconds: Int = 0) async throws -> QueueItem? {
        let r: LeaseResponse = try await call(
            .POST, "/api/v1/agents/\(agent)/lease", query: waitSeconds > 0 ? [("wait", String(waitSeconds))] : [],
            json: Self.object([
                ("queues", queues.map { .array($0.map { .string($0.rawValue) }) }), ("leaseSeconds", leaseSeconds.map { .int($0) }),
            ]),
            extraWaitSeconds: waitSeconds)
        return r.item
    }
    // With `attempt` (the item's `attempts` when it was leased), the server refuses these writes (409
    // `lease_lost`) once the item was leased again, even to the same agent.
    public func heartbeat(item: QueueItemID, agent: AgentID? = nil, attempt: Int? = nil, leaseSeconds: Int? = nil) async throws -> QueueItem {
        try await call(.POST, "/api/v1/items/\(item)/heartbeat", json: Self.object(
            Self.leaseFields(agent, attempt) + [("leaseSeconds", leaseSeconds.map { .int($0) })]))
    }
    /// Renews many leases of one agent, 200 per request; the answer lists the renewed and the lost.
    public func renewLeases(agent: AgentID, leases: [LeaseHolder], leaseSeconds: Int? = nil) async throws -> LeaseRenewals {
        var answer = LeaseRenewals()
        for start in stride(from: 0, to: leases.count, by: LeaseRenewals.maxLeases) {
            let chunk = leases[start..<min(start + LeaseRenewals.maxLeases, leases.count)]
            let list: [JSONValue] = chunk.map { Self.object([("item", .string($0.item.rawValue)), ("attempt", $0.attempt.map { .int($0) })]) }
            let part: LeaseRenewals = try await call(.POST, "/api/v1/agents/\(agent)/leases/renew", json: Self.object([
                ("leases", .array(list)), ("leaseSeconds", leaseSeconds.map { .int($0) }),
            ]))
            answer.renewed += part.renewed
            answer.lost += part.lost
        }
        return answer
    }
    public func markRunning(item: QueueItemID, agent: AgentID? = nil, attempt: Int? = nil, run: RunID? = nil) async throws -> QueueItem {
        try await call(.POST, "/api/v1/items/\(item)/running", json: Self.object(
            Self.leaseFields(agent, attempt) + [("run", run.map { .string($0.rawValue) })]))
    }
    public func complete(item: QueueItemID, agent: AgentID? = nil, attempt: Int? = nil) async throws -> QueueItem {
        try await call(.POST, "/api/v1/items/\(item)/complete", json: Self.object(Self.leaseFields(agent, attempt)))
    }
    public func fail(item: QueueItemID, agent: AgentID? = nil, attempt: Int? = nil, message: String) async throws -> QueueItem {
        try await call(.POST, "/api/v1/items/\(item)/fail", json: Self.object(
            Self.leaseFields(agent, attempt) + [("message", .string(message))]))
    }
    public func requeue(item: QueueItemID, agent: AgentID? = nil, attempt: Int? = nil) async throws -> QueueItem {
        try await call(.POST, "/api/v1/items/\(item)/requeue", json: Self.object(Self.leaseFields(agent, attempt)))
    }
    /// Heartbeat under a lease: refused once the item is leased again.
    public func heartbeat(_ lease: LeaseHolder, leaseSeconds: Int? = nil) async throws -> QueueItem {
        try await heartbeat(item: lease.item, agent: lease.agent, attempt: lease.attempt, leaseSeconds: leaseSeconds)
    }
    /// Marks the item running under a lease.
    public func markRunning(_ lease: LeaseHolder, run: RunID? = nil) async throws -> QueueItem {
        try await markRunning(item: lease.item, agent: lease.agent, attempt: lease.attempt, run: run)
    }
    /// Completes the item under a lease.
    public func complete(_ lease: LeaseHolder) async throws -> QueueItem {
        try await complete(item: lease.item, agent: lease.agent, attempt: lease.attempt)
    }
    /// Fails the item under a lease.
    public func fail(_ lease: LeaseHolder, message: String) async throws -> QueueItem {
        try await fail(item: lease.item, agent: lease.agent, attempt: lease.attempt, message: message)
    }
    /// Puts the item back on its queue under a lease.
    public func requeue(_ lease: LeaseHolder) async throws -> QueueItem {
        try await requeue(item: lease.item, agent: lease.agent, attempt: lease.attempt)
    }
    static func leaseFields(_ agent: AgentID?, _ attempt: Int?) -> [(String, JSONValue?)] {
        [("agent", agent.map { .string($0.rawValue) }), ("attempt", attempt.map { .int($0) })]
    }
    public func cancelItem(id: QueueItemID, reason: String) async throws -> QueueItem {
        try await call(.POST, "/api/v1/items/\(id)/cancel", json: ["reason": .string(reason)])
    }

    public func registerAgent(entity: EntityID, name: String, queues: [QueueID]) async throws -> Agent {
        try await call(.POST, "/api/v1/entities/\(entity)/agents", json: [
            "name": .string(name), "queues": .array(queues.map { .string($0.rawValue) }),
        ])
    }
    public func listAgents(entity: EntityID, page: PageRequest = .first) async throws -> Page<Agent> {
        try await call(.GET, "/api/v1/entities/\(entity)/agents", query: Self.paging(page))
    }
    public func agent(id: AgentID) async throws -> Agent { try await call(.GET, "/api/v1/agents/\(id)") }
    /// Which of an agent's runs someone asked to stop: one request per 200 runs instead of one per run.
    public func stopRequests(agent: AgentID, runs: [RunID]) async throws -> [RunID] {
        var stopped: [RunID] = []
        for start in stride(from: 0, to: runs.count, by: StopRequests.maxRuns) {
            let chunk = runs[start..<min(start + StopRequests.maxRuns, runs.count)]
            let answer: StopRequests = try await call(
                .GET, "/api/v1/agents/\(agent)/stop-requests", query: [("runs", chunk.map(\.rawValue).joined(separator: ","))])
            stopped += answer.runs
        }
        return stopped
    }
    public func agentHeartbeat(id: AgentID, state: AgentState) async throws -> Agent {
        try await call(.POST, "/api/v1/agents/\(id)/heartbeat", json: ["state": .string(state.rawValue)])
    }
    /// A key that acts only as this agent (it may lease only from the agent's queues).
    public func createAgentToken(agent: AgentID, name: String? = nil) async throws -> CreatedAPIKey {
        try await call(.POST, "/api/v1/agents/\(agent)/tokens", json: Self.object([("name", name.map { .string($0) })]))
    }
}
