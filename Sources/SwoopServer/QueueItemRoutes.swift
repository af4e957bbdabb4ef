import Foundation
import SwoopModel
import SwoopStore

/// What agents do with queue items: lease (long-polling), heartbeat, start, complete, fail, requeue;
/// and cancelling a pending item.
enum QueueItemRoutes {
    static func routes() -> [Route] {
        let agentField = FieldSpec("agent", .string, "the agent acting (implied by an agent token)")
        let leaseField = FieldSpec("leaseSeconds", .integer, "lease length, 1...3600 (default 60)")
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
                  body: .json([agentField, leaseField]), responds: "QueueItem") { call in
                let (item, agent) = try await held(call)
                let seconds = try call.body.int("leaseSeconds", in: 1...3600) ?? call.env.configuration.defaultLeaseSeconds
                return try .json(try await call.store.heartbeat(item: item.id, agent: agent.id, leaseSeconds: seconds, now: call.now))
            },
            Route(.post, "/api/v1/items/{item}/running", "markItemRunning", "The agent started the item (and its run)", tag: "items",
                  body: .json([agentField, FieldSpec("run", .string)]), responds: "QueueItem") { call in
                let (item, agent) = try await held(call)
                let updated = try await call.store.markRunning(item: item.id, agent: agent.id, run: try call.body.id("run"), now: call.now)
                return try .json(updated)
            },
            Route(.post, "/api/v1/items/{item}/complete", "completeItem", "The item is done", tag: "items",
                  body: .json([agentField]), responds: "QueueItem") { call in
                let (item, agent) = try await held(call)
                return try .json(try await call.store.complete(item: item.id, agent: agent.id, now: call.now))
            },
            Route(.post, "/api/v1/items/{item}/fail", "failItem", "The item failed", tag: "items",
                  body: .json([agentField, .required("message", .string)]), responds: "QueueItem") { call in
                let (item, agent) = try await held(call)
                return try .json(try await call.store.fail(item: item.id, agent: agent.id, message: try call.body.string("message"), now: call.now))
            },
            Route(.post, "/api/v1/items/{item}/requeue", "requeueItem", "Give a held item back (first in line of its priority)",
                  tag: "items", body: .json([agentField]), responds: "QueueItem") { call in
                let (item, agent) = try await held(call)
                let updated = try await call.store.requeue(item: item.id, agent: agent.id, now: call.now)
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

    /// The item and the agent acting on it; the store then refuses anyone but the lease holder.
    static func held(_ call: RouteCall) async throws -> (QueueItem, Agent) {
        let agent = try await call.access.actingAgent(named: try call.body.id("agent"))
        let item = try await item(call, allowAgent: true)
        return (item, agent)
    }
}
