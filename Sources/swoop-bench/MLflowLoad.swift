import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// The MLflow tracking server side: an experiment with one run per writer, written through its REST API
/// (`runs/log-batch`, at most 1,000 metrics a request, and `runs/log-metric`, one per request).
struct MLflowLoad: Sendable {
    let baseURL: String
    let http: HTTPClient
    let experiment: String

    init(baseURL: String, http: HTTPClient) async throws {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.http = http
        let name = "bench-\(UUID().uuidString.prefix(8).lowercased())"
        let answer = try await Self.post(http, self.baseURL + "/api/2.0/mlflow/experiments/create", body: "{\"name\":\"\(name)\"}")
        guard let id = (answer["experiment_id"] as? String) else { throw BenchError.unexpected("MLflow created no experiment: \(answer)") }
        experiment = id
    }

    /// One run per writer.
    func writers(_ count: Int, name: String) async throws -> [String] {
        var runs: [String] = []
        for i in 0..<count {
            let body = "{\"experiment_id\":\"\(experiment)\",\"run_name\":\"\(name)-\(i)\",\"start_time\":\(Self.nowMillis())}"
            let answer = try await Self.post(http, baseURL + "/api/2.0/mlflow/runs/create", body: body)
            guard let run = (answer["run"] as? [String: Any])?["info"] as? [String: Any], let id = run["run_id"] as? String else {
                throw BenchError.unexpected("MLflow created no run: \(answer)")
            }
            runs.append(id)
        }
        return runs
    }

    /// Logs one request's worth of new points: `log-metric` for a single point, `log-batch` otherwise.
    func append(run: String, shape: MetricShape, iteration: Int) async throws -> LoadOutcome {
        let first = shape.firstStep(iteration: iteration)
        let timestamp = Self.nowMillis()
        if shape.pointsPerRequest == 1 {
            let body = "{\"run_id\":\"\(run)\",\"key\":\"\(MetricShape.key(0))\",\"value\":\(MetricShape.value(step: first, key: 0)),"
                + "\"timestamp\":\(timestamp),\"step\":\(first)}"
            _ = try await Self.post(http, baseURL + "/api/2.0/mlflow/runs/log-metric", body: body)
            return LoadOutcome(units: 1)
        }
        var body = "{\"run_id\":\"\(run)\",\"metrics\":["
        body.reserveCapacity(shape.pointsPerRequest * 80)
        var firstEntry = true
        for step in first..<(first + shape.steps) {
            for k in 0..<shape.keys {
                if !firstEntry { body += "," }
                firstEntry = false
                body += "{\"key\":\"\(MetricShape.key(k))\",\"value\":\(MetricShape.value(step: step, key: k)),\"timestamp\":\(timestamp),\"step\":\(step)}"
            }
        }
        body += "]}"
        _ = try await Self.post(http, baseURL + "/api/2.0/mlflow/runs/log-batch", body: body)
        return LoadOutcome(units: shape.steps * shape.keys)
    }

    static func nowMillis() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }

    /// POSTs a JSON body; the answer as a JSON object, or an error naming the status and body.
    static func post(_ http: HTTPClient, _ url: String, body: String) async throws -> [String: Any] {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: body))
        let response = try await http.execute(request, timeout: .seconds(60))
        let bytes = try await response.body.collect(upTo: 16 << 20)
        let data = Data(bytes.readableBytesView)
        guard (200..<300).contains(Int(response.status.code)) else {
            throw BenchError.unexpected("MLflow \(url) answered \(response.status.code): \(String(decoding: data.prefix(300), as: UTF8.self))")
        }
        return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
    }
}
