import Foundation
import SwoopModel
import SwoopStore

/// Sweeps and the scheduler API: read the sweep, its runs' changes since a cursor (long-polling),
/// create runs and enqueue them, save the scheduler's state (compare-and-set), set the sweep's state.
enum SweepRoutes {
    static let states = FieldType.oneOf(SweepState.allCases.map(\.rawValue))

    static func routes() -> [Route] {
        [
            Route(.post, "/api/v1/projects/{project}/sweeps", "createSweep",
                  "Create a sweep (pending); with queue and schedulerSpec, also enqueue its scheduler", tag: "sweeps",
                  body: .json([
                      FieldSpec("name", .string), .required("config", .object), FieldSpec("queue", .string),
                      FieldSpec("priority", QueueRoutes.priorities), FieldSpec("schedulerSpec", .object, "launch spec of the scheduler item"),
                  ]),
                  responds: "Sweep") { call in
                let project = try await call.access.project(try call.id("project"))
                let queueID: QueueID? = try call.body.id("queue")
                if let queueID {
                    let q = try await call.store.queue(id: queueID)
                    guard q.entityID == project.entityID else {
                        throw APIError.badRequest("invalid", "the queue belongs to another entity", field: "queue")
                    }
                }
                let priority = try call.body.priority("priority") ?? .medium
                if call.body.has("schedulerSpec"), queueID == nil {
                    throw APIError.badRequest("missing_field", "a scheduler needs a queue", field: "queue")
                }
                let sweep = try await call.store.createSweep(
                    project: project.id, name: call.body.optionalString("name"), config: call.body.json("config") ?? .object([:]),
                    queue: queueID, priority: priority, now: call.now)
                if let spec = call.body.json("schedulerSpec"), let queueID {
                    _ = try await call.store.enqueue(queue: queueID, spec: spec, priority: priority, run: nil, sweep: sweep.id, isScheduler: true, now: call.now)
                    await call.env.queueChanged(queueID)
                }
                return try .json(sweep, status: 201)
            },
            Route(.get, "/api/v1/projects/{project}/sweeps", "listSweeps", "Sweeps of a project", tag: "sweeps",
                  query: Route.Query.paging, responds: "Page<Sweep>") { call in
                let project = try await call.access.project(try call.id("project"), allowAgent: true)
                return try .json(try await call.store.listSweeps(project: project.id, page: try call.page()))
            },
            Route(.get, "/api/v1/sweeps/{sweep}", "getSweep", "A sweep with its config, state and saved scheduler state", tag: "sweeps",
                  query: [Route.Query("schedulerState", .oneOf(["true", "false"]), "false: leave the saved state out (its version stays)")],
                  responds: "Sweep") { call in
                // A scheduler polls the sweep's state often; its whole saved state would make each look cost O(trials).
                return try .json(try await sweep(call, withState: try schedulerStateWanted(call)))
            },
            Route(.post, "/api/v1/sweeps/{sweep}/state", "transitionSweep", "Move a sweep along its state machine", tag: "sweeps",
                  body: .json([.required("state", states), FieldSpec("from", states, "only from this state; 409 conflict when the sweep is in another")]),
                  responds: "Sweep") { call in
                let s = try await sweep(call)
                let updated = try await call.store.transitionSweep(
                    id: s.id, to: try call.body.enumValue("state", as: SweepState.self) ?? s.state,
                    from: try call.body.enumValue("from", as: SweepState.self), now: call.now)
                // Stopped or cancelled: no new runs start, so waiting items leave the queue; cancelled also
                // asks the live runs to stop (stopped lets them finish).
                if updated.state == .stopped || updated.state == .cancelled {
                    let removed = try await call.store.cancelPendingItems(sweep: s.id, reason: "sweep \(updated.state.rawValue)", now: call.now)
                    for q in Set(removed.map(\.queueID)) { await call.env.queueChanged(q) }
                    // Their runs will never start: end them, or they would hold a worker of a resumed sweep.
                    for runID in removed.compactMap(\.runID) where !removed.contains(where: { $0.isScheduler && $0.runID == runID }) {
                        let run = try await call.store.run(id: runID)
                        guard run.state == .queued else { continue }
                        let ended = try await call.store.transitionRun(
                            id: runID, to: .stopped, exitCode: nil, errorMessage: "the sweep was \(updated.state.rawValue) before the run started", now: call.now)
                        await call.env.runChanged(ended)
                    }
                }
                if updated.state == .cancelled {
                    try await stopLiveRuns(call, sweep: s.id)
                }
                await call.env.notifier.signal(ChangeNotifier.sweepTopic(s.id))
                return try .json(updated)
            },
            Route(.put, "/api/v1/sweeps/{sweep}/scheduler-state", "saveSchedulerState",
                  "Save the scheduler's state if the stored version is expectedVersion (409 naming the stored one otherwise)", tag: "sweeps",
                  body: .json([
                      .required("state", .any), .required("expectedVersion", .integer),
                      FieldSpec("trials", .array(.object), "trial rows [{number, data}] saved with the state (see listSweepTrials)"),
                  ]),
                  query: [Route.Query("schedulerState", .oneOf(["true", "false"]), "false: answer only {schedulerStateVersion}")],
                  responds: "Sweep") { call in
                let s = try await sweep(call)
                if let trials = try SweepTrialRoutes.trials(in: call.body.json("trials")) {
                    let version = try await SweepTrialRoutes.trialStore(call).saveSchedulerTrials(
                        sweep: s.id, trials: trials, state: call.body.json("state") ?? .null,
                        expectedVersion: try call.body.int("expectedVersion", in: 0...Int(Int32.max)) ?? 0, now: call.now)
                    if try schedulerStateWanted(call) == false { return try .json(JSONValue.object(["schedulerStateVersion": .int(version)])) }
                    return try .json(try await call.store.sweep(id: s.id))
                }
                let updated = try await call.store.saveSchedulerState(
                    sweep: s.id, state: call.body.json("state") ?? .null,
                    expectedVersion: try call.body.int("expectedVersion", in: 0...Int(Int32.max)) ?? 0, now: call.now)
                // The scheduler saves after every decision and needs only the new version back.
                if try schedulerStateWanted(call) == false {
                    return try .json(JSONValue.object(["schedulerStateVersion": .int(updated.schedulerStateVersion)]))
                }
                return try .json(updated)
            },
            Route(.patch, "/api/v1/sweeps/{sweep}/launch", "updateSweepLaunch", "New queue and priority for a sweep that is not running",
                  tag: "sweeps", body: .json([FieldSpec("queue", .string), FieldSpec("priority", QueueRoutes.priorities)]),
                  responds: "Sweep") { call in
                let s = try await sweep(call)
                let queueID: QueueID? = try call.body.id("queue") ?? s.queueID
                let updated = try await call.store.updateSweepLaunch(
                    id: s.id, queue: queueID, priority: try call.body.priority("priority") ?? s.priority, now: call.now)
                return try .json(updated)
            },
            Route(.get, "/api/v1/sweeps/{sweep}/runs", "sweepRunChanges",
                  "Runs that changed after a cursor, oldest change first; with wait=S, hold the request until one changes",
                  tag: "sweeps",
                  query: [
                      Route.Query("since", .integer, "cursor (0 for all)"), Route.Query("limit", .integer, "runs, 1...1000"),
                      Route.Query("wait", .integer, "seconds to wait for a change (0...60)"),
                  ],
                  responds: "SweepRunChanges") { call in
                let s = try await sweep(call)
                let since = try call.queryInt64("since") ?? 0
                let limit = try call.queryInt("limit", in: 1...1000) ?? 100
                let deadline = ContinuousClock.now + .seconds(try call.waitSeconds())
                let topics: Set<String> = [ChangeNotifier.sweepTopic(s.id)]
                var previous: [String: UInt64]?
                while true {
                    let seen = await call.env.notifier.snapshot(topics)
                    let changes = try await call.store.runs(sweep: s.id, sinceCursor: since, limit: limit)
                    let left = deadline - ContinuousClock.now
                    // A signal with no run change is the sweep itself changing (paused, stopped, ...):
                    // answer at once so a waiting scheduler sees it.
                    let sweepChanged = previous != nil && previous != seen
                    if !changes.runs.isEmpty || left <= .zero || Task.isCancelled || sweepChanged { return try .json(changes) }
                    previous = seen
                    guard await call.env.notifier.waitUnlessShuttingDown(after: seen, timeout: min(left, call.env.configuration.recheckInterval)) else {
                        return try .json(try await call.store.runs(sweep: s.id, sinceCursor: since, limit: limit))
                    }
                }
            },
            Route(.post, "/api/v1/sweeps/{sweep}/metrics", "sweepRunMetrics",
                  "Metric values of the sweep's runs written after each run's cursor, in one call", tag: "sweeps",
                  body: .json([
                      .required("cursors", .object, "{runId: cursor} (0 for a run's whole history), at most 1000 runs"),
                      FieldSpec("limit", .integer, "values per run, 1...10000 (default 1000)"),
                  ]),
                  responds: "SweepMetricHistories") { call in
                let s = try await sweep(call)
                let cursors = call.body.json("cursors")?.objectValue ?? [:]
                guard cursors.count <= 1000 else {
                    throw APIError.badRequest("too_many", "at most 1000 runs per call", field: "cursors")
                }
                let limit = try call.body.int("limit", in: 1...10_000) ?? 1000
                var histories: [String: MetricHistory] = [:]
                for (key, value) in cursors.sorted(by: { $0.key < $1.key }) {
                    let field = "cursors.\(key)"
                    let runID = RunID(key)
                    guard runID.isWellFormed else { throw APIError.badRequest("bad_id", "'\(key)' is not a well-formed run id", field: field) }
                    guard case .int(let cursor) = value, cursor >= 0 else {
                        throw APIError.badRequest("wrong_type", "\(field) must be a non-negative integer cursor", field: field)
                    }
                    let run: Run
                    do { run = try await call.store.run(id: runID) } catch let e as StoreError { throw APIError(e, field: field) }
                    guard run.sweepID == s.id else {
                        throw APIError.badRequest("invalid", "run '\(key)' is not a run of this sweep", field: field)
                    }
                    histories[key] = try await call.store.metrics(run: runID, since: Int64(cursor), limit: limit)
                }
                return try .json(SweepMetricHistories(histories: histories))
            },
            Route(.post, "/api/v1/sweeps/{sweep}/runs", "launchSweepRun",
                  "Create a run of the sweep with these hyperparameters and enqueue it on the sweep's queue", tag: "sweeps",
                  body: .json([
                      .required("config", .object), FieldSpec("name", .string), FieldSpec("spec", .object, "launch spec; run_id and sweep_id are filled in"),
                      FieldSpec("id", .string, "the run's id (a scheduler's deterministic id makes a launch repeated after a crash a 409 conflict, not a second run)"),
                      FieldSpec("priority", QueueRoutes.priorities),
                  ]),
                  responds: "SweepRunLaunch") { call in
                let s = try await sweep(call)
                guard s.queueID != nil else {
                    throw APIError.badRequest("invalid", "the sweep has no queue to launch runs on", field: "sweep")
                }
                guard s.state == .running || s.state == .pending else {
                    throw APIError(status: 409, code: "illegal_transition", message: "sweep '\(s.id)' is \(s.state.rawValue): no new runs", field: "state")
                }
                let runID: RunID = try call.body.id("id") ?? RunID.random()
                var spec = call.body.json("spec")?.objectValue ?? [:]
                if var launchSpec = try? LaunchSpec(json: .object(spec)), let filled = try? { () throws -> JSONValue in
                    launchSpec.runID = runID; launchSpec.sweepID = s.id; return try launchSpec.json }(), let o = filled.objectValue {
                    // A LaunchSpec (what Swoop's agents read) gets the ids under its own keys.
                    spec = o
                } else {
                    spec["run_id"] = .string(runID.rawValue)
                    spec["sweep_id"] = .string(s.id.rawValue)
                }
                let priority = try call.body.priority("priority") ?? s.priority
                guard let atomic = call.store as? any SweepRunLaunching else {
                    throw APIError(status: 501, code: "not_supported", message: "this store cannot launch sweep runs atomically")
                }
                let launch = try await atomic.launchSweepRun(
                    run: runID, sweep: s.id, name: call.body.optionalString("name"), config: call.body.json("config") ?? .object([:]),
                    spec: .object(spec), priority: priority, now: call.now)
                let run = launch.run
                await call.env.runChanged(run)
                await call.env.queueChanged(launch.item.queueID)
                return try .json(launch, status: 201)
            },
        ]
    }

    static func stopLiveRuns(_ call: RouteCall, sweep: SweepID) async throws {
        var cursor: Int64 = 0
        while true {
            let page = try await call.store.runs(sweep: sweep, sinceCursor: cursor, limit: 1000)
            for run in page.runs where run.state.isAlive && run.stopRequestedAt == nil {
                _ = try await call.store.requestStop(run: run.id, now: call.now)
            }
            if page.runs.isEmpty || page.nextCursor == cursor { return }
            cursor = page.nextCursor
        }
    }

    /// The `schedulerState` query: true (the default) or false.
    static func schedulerStateWanted(_ call: RouteCall) throws -> Bool {
        switch call.query("schedulerState") {
        case nil, "true": return true
        case "false": return false
        case let text?:
            throw APIError.badRequest("invalid_query", "query parameter 'schedulerState' must be true or false, got '\(text)'", field: "schedulerState")
        }
    }

    /// The sweep of the path, checked against the caller; without its scheduler state unless asked
    /// (every scheduler call reads its sweep, and that state grows with the sweep).
    static func sweep(_ call: RouteCall, withState: Bool = false) async throws -> Sweep {
        let id: SweepID = try call.id("sweep")
        let s = withState ? try await call.store.sweep(id: id) : try await call.store.sweepWithoutState(id: id)
        // The scheduler runs as a job: its own token, an agent of the entity, or a person may drive it.
        try await call.access.requireSweep(s)
        return s
    }
}
