import Foundation
import SwoopModel
import SwoopStore

/// Runs: creation, state, stop requests, summary, metric history, logs, and run-scoped tokens.
enum RunRoutes {
    static let states = FieldType.oneOf(RunState.allCases.map(\.rawValue))

    static func routes() -> [Route] {
        [
            Route(.post, "/api/v1/projects/{project}/runs", "createRun", "Create a queued run", tag: "runs",
                  body: .json([FieldSpec("id", .string, "choose the id (resume)"), FieldSpec("sweep", .string), FieldSpec("name", .string), FieldSpec("config", .object)]),
                  responds: "Run") { call in
                let project = try await call.access.project(try call.id("project"), allowAgent: true)
                let sweep: SweepID? = try call.body.id("sweep")
                let run = try await call.store.createRun(
                    id: try call.body.id("id"), project: project.id, sweep: sweep, name: call.body.optionalString("name"),
                    config: call.body.json("config") ?? .object([:]), now: call.now)
                await call.env.runChanged(run)
                return try .json(run, status: 201)
            },
            Route(.get, "/api/v1/projects/{project}/runs", "listRuns", "Runs of a project", tag: "runs",
                  query: Route.Query.paging, responds: "Page<Run>") { call in
                let project = try await call.access.project(try call.id("project"), allowAgent: true)
                return try .json(try await call.store.listRuns(project: project.id, page: try call.page()))
            },
            Route(.get, "/api/v1/runs/{run}", "getRun", "A run (its own token may read it)", tag: "runs", responds: "Run") { call in
                try .json(try await run(call))
            },
            Route(.post, "/api/v1/runs/{run}/state", "transitionRun", "Move a run along its state machine", tag: "runs",
                  body: .json([
                      .required("state", states), FieldSpec("exitCode", .integer), FieldSpec("errorMessage", .string),
                      FieldSpec("item", .string, "the queue item whose lease this write is made under (agents); 409 lease_lost once it is not theirs"),
                      FieldSpec("agent", .string, "the agent holding that lease (implied by an agent token)"),
                      FieldSpec("attempt", .integer, "the item's attempts when that lease was granted; 409 lease_lost once it was leased again"),
                  ]),
                  responds: "Run") { call in
                let r = try await run(call)
                let state = try call.body.enumValue("state", as: RunState.self) ?? r.state
                var lease: LeaseHolder?
                if let item: QueueItemID = try call.body.id("item") {
                    lease = LeaseHolder(
                        item: item, agent: try await call.access.actingAgent(named: try call.body.id("agent")).id,
                        attempt: try call.body.int("attempt", in: 1...Int(Int32.max)))
                }
                let updated = try await call.store.transitionRun(
                    id: r.id, to: state, exitCode: try call.body.int("exitCode", in: Int(Int32.min)...Int(Int32.max)),
                    errorMessage: call.body.optionalString("errorMessage"), lease: lease, now: call.now)
                await call.env.runChanged(updated)
                return try .json(updated)
            },
            Route(.post, "/api/v1/runs/{run}/stop", "requestRunStop", "Ask a live run to stop", tag: "runs", responds: "Run") { call in
                let r = try await run(call)
                let updated = try await call.store.requestStop(run: r.id, now: call.now)
                await call.env.runChanged(updated)
                return try .json(updated)
            },
            Route(.put, "/api/v1/runs/{run}/summary", "setRunSummary", "Replace a run's summary", tag: "runs",
                  body: .json([.required("summary", .object)]), responds: "Run") { call in
                let r = try await run(call)
                let updated = try await call.store.setSummary(run: r.id, summary: call.body.json("summary") ?? .object([:]), now: call.now)
                await call.env.runChanged(updated)
                return try .json(updated)
            },
            Route(.post, "/api/v1/runs/{run}/metrics", "appendMetrics",
                  "Append metric points (first value per step and key wins; a repeated idempotencyKey is not applied again)", tag: "runs",
                  body: .json([.required("points", .array(.object), "[{step, values: {key: number}}]"), FieldSpec("idempotencyKey", .string)]),
                  responds: "MetricAppendResult") { call in
                let r = try await run(call)
                let batch = MetricBatch(points: try points(call.body.json("points")), idempotencyKey: call.body.optionalString("idempotencyKey"))
                let result = try await call.store.appendMetrics(run: r.id, batch: batch, now: call.now)
                if result.inserted > 0 { await call.env.runChanged(r) }
                return try .json(result)
            },
            Route(.get, "/api/v1/runs/{run}/metrics", "readMetrics", "Metric history written after a cursor", tag: "runs",
                  query: [Route.Query("since", .integer, "cursor (0 for all)"), Route.Query("limit", .integer, "values per page, 1...10000")],
                  responds: "MetricHistory") { call in
                let r = try await run(call)
                let history = try await call.store.metrics(
                    run: r.id, since: try call.queryInt64("since") ?? 0, limit: try call.queryInt("limit", in: 1...10_000) ?? 1000)
                return try .json(history)
            },
            Route(.post, "/api/v1/runs/{run}/logs", "appendLog", "Append log text at the log's current byte offset", tag: "runs",
                  body: .json([.required("offset", .integer), .required("text", .string)]), responds: "LogAppendResult") { call in
                let r = try await run(call)
                let offset = try call.body.int("offset", in: 0...Int(Int64.max / 2)) ?? 0
                let size = try await call.store.appendLog(run: r.id, offset: Int64(offset), text: try call.body.string("text"), now: call.now)
                return try .json(LogAppendResult(size: size))
            },
            Route(.get, "/api/v1/runs/{run}/logs", "readLogs", "Log chunks from a byte offset", tag: "runs",
                  query: [Route.Query("from", .integer, "byte offset"), Route.Query("limit", .integer, "chunks, 1...1000")],
                  responds: "LogPage") { call in
                let r = try await run(call)
                return try .json(try await call.store.logs(
                    run: r.id, from: try call.queryInt64("from") ?? 0, limit: try call.queryInt("limit", in: 1...1000) ?? 100))
            },
            Route(.post, "/api/v1/runs/{run}/tokens", "createRunToken", "A key that can only read and write this run (SWOOP_API_KEY)",
                  tag: "keys", body: .json([FieldSpec("name", .string)]), responds: "CreatedAPIKey") { call in
                if case .run = call.principal { throw APIError.forbidden("a run token cannot make tokens") }
                let r = try await run(call)
                let made = try await UserRoutes.scopedKey(
                    call, name: call.body.optionalString("name") ?? "run \(r.id)", scope: .run, run: r.id, agent: nil, entity: nil)
                return try .json(made, status: 201)
            },
        ]
    }

    static func run(_ call: RouteCall) async throws -> Run {
        let r = try await call.store.run(id: try call.id("run"))
        try await call.access.requireRun(r, reading: call.request.method == .get)
        return r
    }

    /// `[{step, values}]` with each error naming the element (`points[3].step`, or under `field`).
    static func points(_ value: JSONValue?, field: String = "points") throws -> [MetricPoint] {
        guard let list = value?.arrayValue else { return [] }
        guard list.count <= 100_000 else {
            throw APIError.badRequest("too_many", "at most 100000 points per batch", field: field)
        }
        return try list.enumerated().map { i, element in
            let at = "\(field)[\(i)]"
            guard let o = element.objectValue else {
                throw APIError.badRequest("wrong_type", "\(at) must be an object", field: at)
            }
            for key in o.keys where key != "step" && key != "values" {
                throw APIError.badRequest("unknown_field", "unknown field '\(key)' in \(at) (allowed: step, values)", field: "\(at).\(key)")
            }
            guard case .int(let step)? = o["step"], step >= 0 else {
                throw APIError.badRequest("wrong_type", "\(at).step must be a non-negative integer", field: "\(at).step")
            }
            guard let values = o["values"]?.objectValue, !values.isEmpty else {
                throw APIError.badRequest("wrong_type", "\(at).values must be a non-empty object of numbers", field: "\(at).values")
            }
            for (k, v) in values {
                guard v.number != nil, !k.isEmpty, k.utf8.count <= 256 else {
                    throw APIError.badRequest("wrong_type", "\(at).values.\(k) must be a number (NaN and Infinity allowed)", field: "\(at).values.\(k)")
                }
            }
            return MetricPoint(step: Int64(step), values: values)
        }
    }
}
