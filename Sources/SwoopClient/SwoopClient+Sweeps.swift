import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SwoopModel

/// Sweeps and the scheduler API.
extension SwoopClient {
    public func createSweep(
        project: ProjectID, name: String? = nil, config: JSONValue, queue: QueueID? = nil, priority: Priority? = nil,
        schedulerSpec: JSONValue? = nil
    ) async throws -> Sweep {
        try await call(.POST, "/api/v1/projects/\(project)/sweeps", json: Self.object([
            ("name", name.map { .string($0) }), ("config", config), ("queue", queue.map { .string($0.rawValue) }),
            ("priority", priority.map { .string($0.description) }), ("schedulerSpec", schedulerSpec),
        ]))
    }
    public func listSweeps(project: ProjectID, page: PageRequest = .first) async throws -> Page<Sweep> {
        try await call(.GET, "/api/v1/projects/\(project)/sweeps", query: Self.paging(page))
    }
    public func sweep(id: SweepID) async throws -> Sweep { try await call(.GET, "/api/v1/sweeps/\(id)") }
    /// The sweep without its saved scheduler state (nil; the version is there): a cheap look at its state.
    public func sweepWithoutState(id: SweepID) async throws -> Sweep {
        try await call(.GET, "/api/v1/sweeps/\(id)", query: [("schedulerState", "false")])
    }
    /// With `from`, only a sweep in that state moves: 409 `conflict` when someone moved it meanwhile.
    public func transitionSweep(id: SweepID, to state: SweepState, from: SweepState? = nil) async throws -> Sweep {
        try await call(.POST, "/api/v1/sweeps/\(id)/state", json: Self.object([
            ("state", .string(state.rawValue)), ("from", from.map { .string($0.rawValue) }),
        ]))
    }
    /// Compare-and-set: fails with a 409 `conflict` when the stored version is not `expectedVersion`.
    public func saveSchedulerState(sweep: SweepID, state: JSONValue, expectedVersion: Int) async throws -> Sweep {
        try await call(.PUT, "/api/v1/sweeps/\(sweep)/scheduler-state", json: ["state": state, "expectedVersion": .int(expectedVersion)])
    }
    /// `saveSchedulerState` answering only the new version: the state is not sent back.
    public func saveSchedulerStateVersion(sweep: SweepID, state: JSONValue, expectedVersion: Int) async throws -> Int {
        let r: SchedulerStateVersion = try await call(
            .PUT, "/api/v1/sweeps/\(sweep)/scheduler-state", query: [("schedulerState", "false")],
            json: ["state": state, "expectedVersion": .int(expectedVersion)])
        return r.schedulerStateVersion
    }
    public func updateSweepLaunch(sweep: SweepID, queue: QueueID? = nil, priority: Priority? = nil) async throws -> Sweep {
        try await call(.PATCH, "/api/v1/sweeps/\(sweep)/launch", json: Self.object([
            ("queue", queue.map { .string($0.rawValue) }), ("priority", priority.map { .string($0.description) }),
        ]))
    }
    /// Runs changed after `since`; with `waitSeconds`, the server holds the call until one changes.
    public func sweepRuns(sweep: SweepID, since: Int64 = 0, limit: Int = 100, waitSeconds: Int = 0) async throws -> SweepRunChanges {
        var q = [("since", String(since)), ("limit", String(limit))]
        if waitSeconds > 0 { q.append(("wait", String(waitSeconds))) }
        return try await call(.GET, "/api/v1/sweeps/\(sweep)/runs", query: q, extraWaitSeconds: waitSeconds)
    }
    /// New metric values of several of the sweep's runs, each since its own cursor (0: whole history).
    public func sweepRunMetrics(sweep: SweepID, cursors: [RunID: Int64], limit: Int? = nil) async throws -> [RunID: MetricHistory] {
        var o: [String: JSONValue] = [:]
        for (run, cursor) in cursors { o[run.rawValue] = .int(Int(cursor)) }
        let r: SweepMetricHistories = try await call(.POST, "/api/v1/sweeps/\(sweep)/metrics", json: Self.object([
            ("cursors", .object(o)), ("limit", limit.map { .int($0) }),
        ]))
        return Dictionary(uniqueKeysWithValues: r.histories.map { (RunID($0.key), $0.value) })
    }

    /// Creates a run of the sweep and enqueues it on the sweep's queue; `id` chooses the run's id
    /// (a second launch with the same id is a 409 `conflict`).
    public func launchSweepRun(
        sweep: SweepID, config: JSONValue, name: String? = nil, spec: JSONValue? = nil, priority: Priority? = nil, id: RunID? = nil
    ) async throws -> SweepRunLaunch {
        try await call(.POST, "/api/v1/sweeps/\(sweep)/runs", json: Self.object([
            ("config", config), ("name", name.map { .string($0) }), ("spec", spec), ("priority", priority.map { .string($0.description) }),
            ("id", id.map { .string($0.rawValue) }),
        ]))
    }
}
