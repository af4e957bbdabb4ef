import Foundation
import SwoopModel
import SwoopStore

/// A scheduler's trials as rows (`SweepTrialStoring`): write one trial, or read them back in pages.
/// Every write moves the scheduler state's compare-and-set version, so two schedulers still cannot
/// both win; `PUT .../scheduler-state` takes a list of them too, saved with the state in one go.
enum SweepTrialRoutes {
    static func routes() -> [Route] {
        [
            Route(.put, "/api/v1/sweeps/{sweep}/trials/{number}", "saveSweepTrial",
                  "Append or replace one trial row (and the state document, if given) if the stored version is expectedVersion",
                  tag: "sweeps",
                  body: .json([
                      .required("data", .any, "what the scheduler keeps for the trial"), .required("expectedVersion", .integer),
                      FieldSpec("state", .any, "the scheduler's state document, saved in the same transaction"),
                  ]),
                  responds: "SchedulerStateVersion") { call in
                let s = try await SweepRoutes.sweep(call)
                let text = try call.parameter("number")
                guard let number = Int(text), (0...Int(Int32.max)).contains(number) else {
                    throw APIError.badRequest("invalid", "a trial number is an integer in 0...\(Int32.max), got '\(text)'", field: "number")
                }
                let version = try await trialStore(call).saveSchedulerTrials(
                    sweep: s.id, trials: [SweepTrial(number: number, data: call.body.json("data") ?? .null)], state: call.body.json("state"),
                    expectedVersion: try call.body.int("expectedVersion", in: 0...Int(Int32.max)) ?? 0, now: call.now)
                return try .json(JSONValue.object(["schedulerStateVersion": .int(version)]))
            },
            Route(.get, "/api/v1/sweeps/{sweep}/trials", "listSweepTrials", "Trial rows numbered above `after`, in number order",
                  tag: "sweeps",
                  query: [Route.Query("after", .integer, "a trial number (-1, the default, for all)"), Route.Query("limit", .integer, "rows, 1...1000")],
                  responds: "SweepTrialPage") { call in
                let s = try await SweepRoutes.sweep(call)
                let after = try call.queryInt("after", in: -1...Int(Int32.max)) ?? -1
                let limit = try call.queryInt("limit", in: 1...1000) ?? 1000
                let trials = try await trialStore(call).sweepTrials(sweep: s.id, after: after, limit: limit)
                return try .json(SweepTrialPage(trials: trials, nextAfter: trials.count < limit ? nil : trials.last?.number))
            },
        ]
    }

    static func trialStore(_ call: RouteCall) throws -> any SweepTrialStoring {
        guard let store = call.store as? any SweepTrialStoring else {
            throw APIError(status: 501, code: "not_supported", message: "this store keeps no trial rows")
        }
        return store
    }

    /// The `trials` list of a state save: `[{"number": N, "data": ...}]`, each checked by its place.
    static func trials(in value: JSONValue?) throws -> [SweepTrial]? {
        guard let value else { return nil }
        guard let items = value.arrayValue else { throw APIError.badRequest("invalid", "trials must be a list", field: "trials") }
        return try items.enumerated().map { i, item in
            guard let n = item["number"], case .int(let number) = n, (0...Int(Int32.max)).contains(number) else {
                throw APIError.badRequest("invalid", "trials[\(i)].number must be an integer in 0...\(Int32.max)", field: "trials[\(i)].number")
            }
            guard let data = item["data"] else {
                throw APIError.badRequest("missing_field", "trials[\(i)].data is required", field: "trials[\(i)].data")
            }
            return SweepTrial(number: number, data: data)
        }
    }
}
