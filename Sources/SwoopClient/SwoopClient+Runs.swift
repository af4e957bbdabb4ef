import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SwoopModel

/// Runs: state, stop requests, summary, metrics, logs, tokens.
extension SwoopClient {
    public func createRun(project: ProjectID, id: RunID? = nil, sweep: SweepID? = nil, name: String? = nil, config: JSONValue = [:]) async throws -> Run {
        try await call(.POST, "/api/v1/projects/\(project)/runs", json: Self.object([
            ("id", id.map { .string($0.rawValue) }), ("sweep", sweep.map { .string($0.rawValue) }),
            ("name", name.map { .string($0) }), ("config", config),
        ]))
    }
    public func listRuns(project: ProjectID, page: PageRequest = .first) async throws -> Page<Run> {
        try await call(.GET, "/api/v1/projects/\(project)/runs", query: Self.paging(page))
    }
    public func run(id: RunID) async throws -> Run { try await call(.GET, "/api/v1/runs/\(id)") }
    /// With `lease`, the server refuses the write (409 `lease_lost`) once that lease is no longer the agent's.
    public func transitionRun(
        id: RunID, to state: RunState, exitCode: Int? = nil, errorMessage: String? = nil, lease: LeaseHolder? = nil
    ) async throws -> Run {
        try await call(.POST, "/api/v1/runs/\(id)/state", json: Self.object([
            ("state", .string(state.rawValue)), ("exitCode", exitCode.map { .int($0) }), ("errorMessage", errorMessage.map { .string($0) }),
            ("item", lease.map { .string($0.item.rawValue) }), ("agent", lease.map { .string($0.agent.rawValue) }),
            ("attempt", lease?.attempt.map { .int($0) }),
        ]))
    }
    public func requestStop(run: RunID) async throws -> Run { try await call(.POST, "/api/v1/runs/\(run)/stop") }
    public func setSummary(run: RunID, summary: JSONValue) async throws -> Run {
        try await call(.PUT, "/api/v1/runs/\(run)/summary", json: ["summary": summary])
    }
    public func appendMetrics(run: RunID, points: [MetricPoint], idempotencyKey: String? = nil) async throws -> MetricAppendResult {
        let list: [JSONValue] = points.map { ["step": .int(Int($0.step)), "values": .object($0.values)] }
        return try await call(.POST, "/api/v1/runs/\(run)/metrics", json: Self.object([
            ("points", .array(list)), ("idempotencyKey", idempotencyKey.map { .string($0) }),
        ]))
    }
    public func metrics(run: RunID, since: Int64 = 0, limit: Int = 1000) async throws -> MetricHistory {
        try await call(.GET, "/api/v1/runs/\(run)/metrics", query: [("since", String(since)), ("limit", String(limit))])
    }
    /// Sends the output of many runs in one request per 200 runs (an agent's rounds); one result per run, in order.
    public func appendRunOutput(agent: AgentID, batches: [RunOutputBatch]) async throws -> [RunOutputResult] {
        var results: [RunOutputResult] = []
        for start in stride(from: 0, to: batches.count, by: RunOutputBatch.maxRuns) {
            let chunk = Array(batches[start..<min(start + RunOutputBatch.maxRuns, batches.count)])
            let body = try APICoding.convert(["runs": chunk], to: JSONValue.self)
            let answer: RunOutputResults = try await call(.POST, "/api/v1/agents/\(agent)/output", json: body)
            results += answer.runs
        }
        return results
    }
    public func appendLog(run: RunID, offset: Int64, text: String) async throws -> Int64 {
        let r: LogAppendResult = try await call(.POST, "/api/v1/runs/\(run)/logs", json: ["offset": .int(Int(offset)), "text": .string(text)])
        return r.size
    }
    public func logs(run: RunID, from offset: Int64 = 0, limit: Int = 100) async throws -> LogPage {
        try await call(.GET, "/api/v1/runs/\(run)/logs", query: [("from", String(offset)), ("limit", String(limit))])
    }
    /// A key that can only read and write this run (what the agent gives training code as `SWOOP_API_KEY`).
    public func createRunToken(run: RunID, name: String? = nil) async throws -> CreatedAPIKey {
        try await call(.POST, "/api/v1/runs/\(run)/tokens", json: Self.object([("name", name.map { .string($0) })]))
    }
}
