import Foundation
import SwoopModel
import SwoopStore

/// An agent's runs' output in one request: each run's metric points and log text, applied run by run
/// (concurrently, so SQLite commits them together) with one result per run; one run's failure leaves
/// the others' output stored.
enum RunOutputRoutes {
    static func routes() -> [Route] {
        [
            Route(.post, "/api/v1/agents/{agent}/output", "appendRunOutput",
                  "Append the log text and metric points of many runs at once (an agent's runs, one request per round)", tag: "runs",
                  body: .json([.required("runs", .array(.object),
                                         "[{run, logOffset, log, points, idempotencyKey}], at most \(RunOutputBatch.maxRuns)")]),
                  responds: "RunOutputResults") { call in
                _ = try await call.access.actingAgent(named: try call.id("agent"))
                let batches = try parse(call.body.json("runs"))
                let results = await withTaskGroup(of: (Int, RunOutputResult).self) { group in
                    for (i, batch) in batches.enumerated() { group.addTask { (i, await apply(batch, call)) } }
                    var results = [RunOutputResult?](repeating: nil, count: batches.count)
                    for await (i, result) in group { results[i] = result }
                    return results.compactMap { $0 }
                }
                return try .json(RunOutputResults(runs: results))
            },
        ]
    }

    /// One run's part: metrics first (their key makes a resend harmless), then the log at its offset.
    static func apply(_ batch: RunOutputBatch, _ call: RouteCall) async -> RunOutputResult {
        var stored = false
        do {
            let run = try await call.store.run(id: batch.run)
            try await call.access.requireRun(run)
            if !batch.points.isEmpty {
                let result = try await call.store.appendMetrics(
                    run: run.id, batch: MetricBatch(points: batch.points, idempotencyKey: batch.idempotencyKey), now: call.now)
                stored = true
                if result.inserted > 0 { await call.env.runChanged(run) }
            }
            let size = batch.log.isEmpty ? nil : try await call.store.appendLog(run: run.id, offset: batch.logOffset, text: batch.log, now: call.now)
            return RunOutputResult(run: batch.run, metricsStored: stored, logSize: size)
        } catch {
            let e = (error as? APIError) ?? (error as? StoreError).map { APIError($0) }
                ?? APIError(status: 503, code: "unavailable", message: "\(error)")
            return RunOutputResult(run: batch.run, metricsStored: stored, logSize: nil, status: e.status, error: e.body.error)
        }
    }

    /// `[{run, logOffset, log, points, idempotencyKey}]`, each error naming its element (`runs[2].logOffset`).
    static func parse(_ value: JSONValue?) throws -> [RunOutputBatch] {
        let list = value?.arrayValue ?? []
        guard list.count <= RunOutputBatch.maxRuns else {
            throw APIError.badRequest("too_many", "at most \(RunOutputBatch.maxRuns) runs per request, got \(list.count)", field: "runs")
        }
        let allowed: Set<String> = ["run", "logOffset", "log", "points", "idempotencyKey"]
        return try list.enumerated().map { i, element in
            let at = "runs[\(i)]"
            guard let o = element.objectValue else { throw APIError.badRequest("wrong_type", "\(at) must be an object", field: at) }
            for key in o.keys where !allowed.contains(key) {
                throw APIError.badRequest(
                    "unknown_field", "unknown field '\(key)' in \(at) (allowed: \(allowed.sorted().joined(separator: ", ")))", field: "\(at).\(key)")
            }
            guard let raw = o["run"]?.stringValue, RunID(raw).isWellFormed else {
                throw APIError.badRequest("bad_id", "\(at).run must be a run id", field: "\(at).run")
            }
            var offset: Int64 = 0
            if let v = o["logOffset"], v != .null {
                guard case .int(let n) = v, n >= 0 else {
                    throw APIError.badRequest("out_of_range", "\(at).logOffset must be a non-negative integer", field: "\(at).logOffset")
                }
                offset = Int64(n)
            }
            var log = ""
            if let v = o["log"], v != .null {
                guard let text = v.stringValue else { throw APIError.badRequest("wrong_type", "\(at).log must be a string", field: "\(at).log") }
                log = text
            }
            var key: String?
            if let v = o["idempotencyKey"], v != .null {
                guard let text = v.stringValue, !text.isEmpty, text.utf8.count <= 200 else {
                    throw APIError.badRequest("wrong_type", "\(at).idempotencyKey must be a string of 1 to 200 bytes", field: "\(at).idempotencyKey")
                }
                key = text
            }
            return RunOutputBatch(
                run: RunID(raw), logOffset: offset, log: log, points: try RunRoutes.points(o["points"], field: "\(at).points"), idempotencyKey: key)
        }
    }
}
