import Foundation
import SwoopModel
import SwoopStore

/// Launch queues of an entity, and putting items on them.
enum QueueRoutes {
    static let priorities = FieldType.oneOf(Priority.allCases.map(\.description))
    static let policies = FieldType.oneOf(ExpiredLeasePolicy.allCases.map(\.rawValue))

    static func routes() -> [Route] {
        [
            Route(.post, "/api/v1/entities/{entity}/queues", "createQueue", "Create a queue (entity admins)", tag: "queues",
                  body: .json([
                      .required("name", .string), .required("resource", .string), FieldSpec("configTemplate", .object),
                      FieldSpec("prioritized", .boolean), FieldSpec("expiredLeasePolicy", policies),
                  ]),
                  responds: "Queue") { call in
                let entity: EntityID = try call.id("entity")
                try call.access.requireEntity(entity, manage: true)
                let queue = try await call.store.createQueue(
                    entity: entity, name: try call.body.string("name"), resource: try call.body.string("resource"),
                    configTemplate: call.body.json("configTemplate") ?? .object([:]), prioritized: call.body.bool("prioritized") ?? true,
                    expiredLeasePolicy: try call.body.enumValue("expiredLeasePolicy", as: ExpiredLeasePolicy.self) ?? .requeue,
                    now: call.now)
                return try .json(queue, status: 201)
            },
            Route(.get, "/api/v1/entities/{entity}/queues", "listQueues", "Queues of an entity", tag: "queues",
                  query: Route.Query.paging, responds: "Page<Queue>") { call in
                let entity: EntityID = try call.id("entity")
                try call.access.requireEntity(entity, allowAgent: true)
                return try .json(try await call.store.listQueues(entity: entity, page: try call.page()))
            },
            Route(.get, "/api/v1/queues/{queue}", "getQueue", "A queue by id", tag: "queues", responds: "Queue") { call in
                try .json(try await queue(call, allowAgent: true))
            },
            Route(.patch, "/api/v1/queues/{queue}", "updateQueue", "Change a queue's settings (entity admins)", tag: "queues",
                  body: .json([FieldSpec("configTemplate", .object), FieldSpec("prioritized", .boolean), FieldSpec("expiredLeasePolicy", policies)]),
                  responds: "Queue") { call in
                let q = try await call.store.queue(id: try call.id("queue"))
                try call.access.requireEntity(q.entityID, manage: true)
                let updated = try await call.store.updateQueue(
                    id: q.id, configTemplate: call.body.json("configTemplate") ?? q.configTemplate,
                    prioritized: call.body.bool("prioritized") ?? q.prioritized,
                    expiredLeasePolicy: try call.body.enumValue("expiredLeasePolicy", as: ExpiredLeasePolicy.self) ?? q.expiredLeasePolicy)
                return try .json(updated)
            },
            Route(.post, "/api/v1/queues/{queue}/items", "enqueue", "Put an item on a queue (FIFO within its priority)",
                  tag: "queues",
                  body: .json([
                      .required("spec", .object, "the launch spec"), FieldSpec("priority", priorities), FieldSpec("run", .string),
                      FieldSpec("sweep", .string), FieldSpec("isScheduler", .boolean),
                  ]),
                  responds: "QueueItem") { call in
                let q = try await call.store.queue(id: try call.id("queue"))
                if case .agent(let agent, _) = call.principal {
                    // An agent puts a preempted run back on a queue it serves (reference §4.5, step 6).
                    guard agent.queueIDs.contains(q.id) else { throw APIError.forbidden("an agent token enqueues only on its own queues") }
                } else {
                    try call.access.requireEntity(q.entityID)
                }
                let run: RunID? = try call.body.id("run")
                let sweep: SweepID? = try call.body.id("sweep")
                if let run { try await call.access.requireRun(try await call.store.run(id: run)) }
                if let sweep { _ = try await call.access.project(try await call.store.sweepWithoutState(id: sweep).projectID, allowAgent: true) }
                let item = try await call.store.enqueue(
                    queue: q.id, spec: call.body.json("spec") ?? .object([:]), priority: try call.body.priority("priority") ?? .medium,
                    run: run, sweep: sweep, isScheduler: call.body.bool("isScheduler") ?? false, now: call.now)
                await call.env.queueChanged(q.id)
                return try .json(item, status: 201)
            },
            Route(.get, "/api/v1/queues/{queue}/items", "listQueueItems", "Items of a queue in enqueue order", tag: "queues",
                  query: Route.Query.paging + [Route.Query("state", .string, "comma-separated states to keep")],
                  responds: "Page<QueueItem>") { call in
                let q = try await queue(call, allowAgent: true)
                var states: Set<QueueItemState>?
                if let text = call.query("state") {
                    states = []
                    for s in text.split(separator: ",") {
                        guard let st = QueueItemState(rawValue: String(s)) else {
                            throw APIError.badRequest("invalid_query", "unknown item state '\(s)'", field: "state")
                        }
                        states?.insert(st)
                    }
                }
                return try .json(try await call.store.listQueueItems(queue: q.id, states: states, page: try call.page()))
            },
        ]
    }

    static func queue(_ call: RouteCall, allowAgent: Bool = false) async throws -> Queue {
        let q = try await call.store.queue(id: try call.id("queue"))
        try call.access.requireEntity(q.entityID, allowAgent: allowAgent)
        return q
    }
}
