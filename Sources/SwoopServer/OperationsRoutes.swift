import Foundation
import SwoopModel
import SwoopStore

/// Health, metrics, the API description, and who the caller is.
enum OperationsRoutes {
    static func routes() -> [Route] {
        [
            Route(.get, "/healthz", "health", "The server answers and its database is reachable", tag: "operations",
                  access: .open, responds: "ServerHealth") { call in
                do {
                    return try .json(ServerHealth(status: "ok", schemaVersion: try await call.store.schemaVersion()))
                } catch {
                    throw APIError(status: 503, code: "unavailable", message: "database unreachable: \(error)")
                }
            },
            Route(.get, "/metrics", "metrics", "Prometheus metrics (text exposition format)", tag: "operations",
                  access: .open, responds: "text") { call in
                await updateQueueDepths(call.env)
                call.env.metrics.setWaitingLongPolls(await call.env.notifier.waiterCount)
                return APIResponse(status: 200, body: Data(call.env.metrics.render().utf8), contentType: "text/plain; version=0.0.4")
            },
            Route(.get, "/api/v1/openapi.json", "openapi", "This API's OpenAPI 3.1 document", tag: "operations",
                  access: .open, responds: "OpenAPI") { _ in
                APIResponse(status: 200, body: OpenAPIDocument.data, contentType: "application/json")
            },
            Route(.get, "/api/v1/me", "whoami", "Who the server takes the caller to be", tag: "users",
                  responds: "Caller") { call in
                let caller: Caller
                switch call.principal {
                case .local:
                    caller = Caller(scope: .user, user: nil, runID: nil, agentID: nil, authenticationEnabled: false)
                case .user(let u, _, _):
                    caller = Caller(scope: .user, user: u, runID: nil, agentID: nil, authenticationEnabled: true)
                case .run(let r, _):
                    caller = Caller(scope: .run, user: nil, runID: r, agentID: nil, authenticationEnabled: true)
                case .agent(let a, _):
                    caller = Caller(scope: .agent, user: nil, runID: nil, agentID: a.id, authenticationEnabled: true)
                }
                return try .json(caller)
            },
        ]
    }

    /// Pending items per queue, counted at scrape time (bounded, so a huge backlog reads as the cap).
    static func updateQueueDepths(_ env: ServerEnvironment) async {
        do {
            var entityPage = PageRequest(limit: PageRequest.maxLimit)
            repeat {
                let entities = try await env.store.listEntities(page: entityPage)
                for entity in entities.items {
                    var queuePage = PageRequest(limit: PageRequest.maxLimit)
                    repeat {
                        let queues = try await env.store.listQueues(entity: entity.id, page: queuePage)
                        for queue in queues.items {
                            var count = 0
                            var itemPage = PageRequest(limit: PageRequest.maxLimit)
                            for _ in 0..<20 {
                                let items = try await env.store.listQueueItems(queue: queue.id, states: [.pending], page: itemPage)
                                count += items.items.count
                                guard let next = items.nextCursor else { break }
                                itemPage.cursor = next
                            }
                            env.metrics.setQueueDepth(queue: queue.name, entity: entity.name, pending: count)
                        }
                        queuePage.cursor = queues.nextCursor
                    } while queuePage.cursor != nil
                }
                entityPage.cursor = entities.nextCursor
            } while entityPage.cursor != nil
        } catch {
            env.logger.warning("could not count queue depths", metadata: ["error": "\(error)"])
        }
    }
}
