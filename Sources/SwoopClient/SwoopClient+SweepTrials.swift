import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SwoopModel

/// A scheduler's trial rows (`PUT/GET /api/v1/sweeps/{sweep}/trials`).
extension SwoopClient {
    /// Saves the state document and the trial rows that changed in one compare-and-set; the new version.
    public func saveSchedulerState(sweep: SweepID, state: JSONValue, trials: [SweepTrial], expectedVersion: Int) async throws -> Int {
        let rows: [JSONValue] = trials.map { .object(["number": .int($0.number), "data": $0.data]) }
        let r: SchedulerStateVersion = try await call(
            .PUT, "/api/v1/sweeps/\(sweep)/scheduler-state", query: [("schedulerState", "false")],
            json: ["state": state, "expectedVersion": .int(expectedVersion), "trials": .array(rows)])
        return r.schedulerStateVersion
    }

    /// Appends or replaces one trial row (and the state document, if given) under the compare-and-set version.
    public func saveSweepTrial(sweep: SweepID, number: Int, data: JSONValue, state: JSONValue? = nil, expectedVersion: Int) async throws -> Int {
        let r: SchedulerStateVersion = try await call(
            .PUT, "/api/v1/sweeps/\(sweep)/trials/\(number)",
            json: Self.object([("data", data), ("expectedVersion", .int(expectedVersion)), ("state", state)]))
        return r.schedulerStateVersion
    }

    public func sweepTrials(sweep: SweepID, after: Int = -1, limit: Int = 1000) async throws -> SweepTrialPage {
        try await call(.GET, "/api/v1/sweeps/\(sweep)/trials", query: [("after", String(after)), ("limit", String(limit))])
    }

    /// Every trial row of the sweep, in number order.
    public func allSweepTrials(sweep: SweepID) async throws -> [SweepTrial] {
        var all: [SweepTrial] = []
        var after = -1
        while true {
            let page = try await sweepTrials(sweep: sweep, after: after)
            all += page.trials
            guard let next = page.nextAfter else { return all }
            after = next
        }
    }
}
