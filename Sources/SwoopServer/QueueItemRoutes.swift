import Foundation
import SwoopModel
import SwoopStore

/// What agents do with queue items: lease (long-polling), heartbeat, start, complete, fail, requeue;
/// and cancelling a pending item.
enum QueueItemRoutes {
    static func routes() -> [Route] {
        let agentField = FieldSpec("agent", .string, "the agent acting (implied by an agent token)")
        let leaseField = FieldSpec("leaseSeconds", .integer, "lease length, 1...3600 (default 60)")
        let attemptField = FieldSpec("attempt", .integer, "the item's attempts when the lease was granted; 409 lease_lost once it was leased again")
        return [
            Route(.post, "/api/v1/agents/{agent}/lease", "lease",
                  "Claim the next item from the agent's queues; with wait=S, hold the request until one is enqueued", tag: "items",
                  body: .json([FieldSpec("queues", .array(.string), "subset of the agent's queues, in the order to try"), leaseField]),
                  query: [Route.Query("wait", .integer, "seconds to wait for an item (0...60)")],
                  responds: "LeaseResponse") { call in
                let agent = try await call.access.actingAgent(named: try call.id("agent"))
                let queues: [QueueID] = try call.body.ids("queues") ?? agent.queueIDs
                for (i, q) in queues.enumerated() where !agent.queueIDs.contains(q) {
                    throw APIError.forbidden("agent '\(agent.id)' does not serve queue '\(q)'", field: "queues[\(i)]")
                }
                guard !queues.isEmpty else {
                    throw APIError.badRequest("invalid", "the agent serves no queue", field: "queues")
                }
                let leaseSeconds = try call.body.int("leaseSeconds", in: 1...3600) ?? call.env.configuration.defaultLeaseSeconds
                let wait = try call.waitSeconds()
                let deadline = ContinuousClock.now + .seconds(wait)
                let topics = Set(queues.map { ChangeNotifier.queueTopic($0) })
                while true {
                    let seen = await call.env.notifier.snapshot(topics)
                    if let item = try await call.store.lease(queues: queues, agent: agent.id, leaseSeconds: leaseSeconds, now: Date()) {
                        call.env.metrics.leasesGranted.increment()
                        return try .json(LeaseResponse(item: item))
                    }
                    let left = deadline - ContinuousClock.now
                    if left <= .zero || Task.isCancelled { return try .json(LeaseResponse(item: nil)) }
                    guard await call.env.notifier.waitUnlessShuttingDown(after: seen, timeout: min(left, call.env.configuration.recheckInterval)) else {
                        return try .json(LeaseResponse(item: nil))
                    }
                }
            },
            Route(.get, "/api/v1/items/{item}", "getItem", "A queue item by id", tag: "items", responds: "QueueItem") { call in
                try .json(try await item(call, allowAgent: true))
            },
            Route(.post, "/api/v1/items/{item}/heartbeat", "heartbeatItem", "Extend the lease of a held item", tag: "items",
                  body: .json([agentField, attemptField, leaseField]), responds: "QueueItem") { call in
                let lease = try await held(call)
                let seconds = try call.body.int("leaseSeconds", in: 1...3600) ?? call.env.configuration.defaultLeaseSeconds
                return try .json(try await call.store.heartbeat(lease: lease, leaseSeconds: seconds, now: call.now))
            },
            Route(.post, "/api/v1/agents/{agent}/leases/renew", "renewLeases",
                  "Extend the leases of many held items at once (an agent renewing all its runs in one request)", tag: "items",
                  body: .json([
                      .required("leases", .array(.object), "[{item, attempt}], at most \(LeaseRenewals.maxLeases)"), leaseField,
                  ]),
                  responds: "LeaseRenewals") { call in
                let agent = try await call.access.actingAgent(named: try call.id("agent"))
                let seconds = try call.body.int("leaseSeconds", in: 1...3600) ?? call.env.configuration.defaultLeaseSeconds
                let leases = try holders(call.body.json("leases"), agent: agent.id)
                return try .json(try await call.store.renewLeases(leases, leaseSeconds: seconds, now: call.now))
            },
            Route(.post, "/api/v1/items/{item}/running", "markItemRunning", "The agent started the item (and its run)", tag: "items",
                  body: .json([agentField, attemptField, FieldSpec("run", .string)]), responds: "QueueItem") { call in
                let lease = try await held(call)
                let updated = try await call.store.markRunning(lease: lease, run: try call.body.id("run"), now: call.now)
                return try .json(updated)
            },
            Route(.post, "/api/v1/items/{item}/complete", "completeItem", "The item is done", tag: "items",
                  body: .json([agentField, attemptField]), responds: "QueueItem") { call in
                let lease = try await held(call)
                return try .json(try await call.store.complete(lease: lease, now: call.now))
            },
            Route(.post, "/api/v1/items/{item}/fail", "failItem", "The item failed", tag: "items",
                  body: .json([agentField, attemptField, .required("message", .string)]), responds: "QueueItem") { call in
                let lease = try await held(call)
                return try .json(try await call.store.fail(lease: lease, message: try call.body.string("message"), now: call.now))
            },
            Route(.post, "/api/v1/items/{item}/requeue", "requeueItem", "Give a held item back (first in line of its priority)",
                  tag: "items", body: .json([agentField, attemptField]), responds: "QueueItem") { call in
                let lease = try await held(call)
                let updated = try await call.store.requeue(lease: lease, now: call.now)
                await call.env.queueChanged(updated.queueID)
                return try .json(updated)
            },
            Route(.post, "/api/v1/items/{item}/cancel", "cancelItem", "Take a pending item off its queue", tag: "items",
                  body: .json([.required("reason", .string)]), responds: "QueueItem") { call in
                let item = try await item(call)
                return try .json(try await call.store.cancelItem(id: item.id, reason: try call.body.string("reason"), now: call.now))
            },
        ]
    }

    static func item(_ call: RouteCall, allowAgent: Bool = false) async throws -> QueueItem {
        let (item, q) = try await call.store.queueItemAndQueue(id: try call.id("item"))
        try call.access.requireEntity(q.entityID, allowAgent: allowAgent)
        return item
    }

    /// `[{item, attempt}]`, each error naming its element (`leases[2].attempt`).
    static func holders(_ value: JSONValue?, agent: AgentID) throws -> [LeaseHolder] {
        let list = value?.arrayValue ?? []
        guard list.count <= LeaseRenewals.maxLeases else {
            throw APIError.badRequest("too_many", "at most \(LeaseRenewals.maxLeases) leases per request, got \(list.count)", field: "leases")
        }
        return try list.enumerated().map { i, element in
            let at = "leases[\(i)]"
            guard let o = element.objectValue else { throw APIError.badRequest("wrong_type", "\(at) must be an object", field: at) }
            for key in o.keys where key != "item" && key != "attempt" {
                throw APIError.badRequest("unknown_field", "unknown field '\(key)' in \(at) (allowed: item, attempt)", field: "\(at).\(key)")
            }
            guard let raw = o["item"]?.stringValue, QueueItemID(raw).isWellFormed else {
                throw APIError.badRequest("bad_id", "\(at).item must be a queue item id", field: "\(at).item")
            }
            var attempt: Int?
            if let a = o["attempt"], a != .null {
                guard case .int(let n) = a, (1...Int(Int32.max)).contains(n) else {
                    throw APIError.badRequest("out_of_range", "\(at).attempt must be an integer in 1...\(Int32.max)", field: "\(at).attempt")
                }
                attempt = n
            }
            return LeaseHolder(item: QueueItemID(raw), agent: agent, attempt: attempt)
        }
    }

    /// The lease the acting agent claims on the item; the store then refuses anyone but the current holder.
    static func held(_ call: RouteCall) async throws -> LeaseHolder {
        let agent = try await call.access.actingAgent(named: try call.body.id("agent"))
        let item = try await item(call, allowAgent: true)
        return LeaseHolder(item: item.id, agent: agent.id, attempt: try call.body.int("attempt", in: 1...Int(Int32.max)))
    }
}
