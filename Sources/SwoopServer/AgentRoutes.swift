import Foundation
import SwoopModel
import SwoopStore

/// Launch agents: register, heartbeat, list, and their tokens.
enum AgentRoutes {
    static func routes() -> [Route] {
        [
            Route(.post, "/api/v1/entities/{entity}/agents", "registerAgent", "Register an agent serving some of the entity's queues",
                  tag: "agents", body: .json([.required("name", .string), .required("queues", .array(.string))]),
                  responds: "Agent") { call in
                let entity: EntityID = try call.id("entity")
                try call.access.requireEntity(entity)
                let queues: [QueueID] = try call.body.ids("queues") ?? []
                for (i, q) in queues.enumerated() {
                    let queue: Queue
                    do { queue = try await call.store.queue(id: q) } catch let e as StoreError { throw APIError(e, field: "queues[\(i)]") }
                    guard queue.entityID == entity else {
                        throw APIError.badRequest("invalid", "queue '\(q)' belongs to another entity", field: "queues[\(i)]")
                    }
                }
                return try .json(try await call.store.registerAgent(entity: entity, name: try call.body.string("name"), queues: queues, now: call.now), status: 201)
            },
            Route(.get, "/api/v1/entities/{entity}/agents", "listAgents", "Agents of an entity", tag: "agents",
                  query: Route.Query.paging, responds: "Page<Agent>") { call in
                let entity: EntityID = try call.id("entity")
                try call.access.requireEntity(entity, allowAgent: true)
                return try .json(try await call.store.listAgents(entity: entity, page: try call.page()))
            },
            Route(.get, "/api/v1/agents/{agent}", "getAgent", "An agent by id", tag: "agents", responds: "Agent") { call in
                let a = try await call.store.agent(id: try call.id("agent"))
                try call.access.requireEntity(a.entityID, allowAgent: true)
                return try .json(a)
            },
            Route(.post, "/api/v1/agents/{agent}/heartbeat", "agentHeartbeat", "The agent is alive and in this state", tag: "agents",
                  body: .json([.required("state", .oneOf(AgentState.allCases.map(\.rawValue)))]), responds: "Agent") { call in
                let agent = try await call.access.actingAgent(named: try call.id("agent"))
                let state = try call.body.enumValue("state", as: AgentState.self) ?? .polling
                return try .json(try await call.store.agentHeartbeat(id: agent.id, state: state, now: call.now))
            },
            Route(.get, "/api/v1/agents/{agent}/stop-requests", "agentStopRequests",
                  "Of the runs named (the ones the agent runs), those someone asked to stop: one poll for all of them",
                  tag: "agents", query: [Route.Query("runs", .string, "comma-separated run ids, at most \(StopRequests.maxRuns)")],
                  responds: "StopRequests") { call in
                let agent = try await call.access.actingAgent(named: try call.id("agent"))
                let runs: [RunID] = try call.queryIDs("runs", limit: StopRequests.maxRuns)
                return try .json(StopRequests(runs: try await call.store.stopRequestedRuns(among: runs, entity: agent.entityID)))
            },
            Route(.post, "/api/v1/agents/{agent}/tokens", "createAgentToken", "A key that acts only as this agent",
                  tag: "keys", body: .json([FieldSpec("name", .string)]), responds: "CreatedAPIKey") { call in
                let a = try await call.store.agent(id: try call.id("agent"))
                try call.access.requireEntity(a.entityID)
                let made = try await UserRoutes.scopedKey(
                    call, name: call.body.optionalString("name") ?? "agent \(a.name)", scope: .agent, run: nil, agent: a.id, entity: a.entityID)
                return try .json(made, status: 201)
            },
        ]
    }
}
