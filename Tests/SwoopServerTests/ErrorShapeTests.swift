import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SwoopClient
import SwoopModel
import SwoopServer
import Testing

/// Bad requests get a 4xx whose JSON error names the field at fault.
@Suite struct ErrorShapeTests {
    func expectError(
        _ r: (status: Int, json: JSONValue?, headers: [(String, String)]), _ status: Int, code: String, field: String?,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(r.status == status, "\(String(describing: r.json))", sourceLocation: sourceLocation)
        #expect(r.json?["error"]?["code"] == .string(code), "\(String(describing: r.json))", sourceLocation: sourceLocation)
        if let field {
            #expect(r.json?["error"]?["field"] == .string(field), "\(String(describing: r.json))", sourceLocation: sourceLocation)
        }
        #expect(r.json?["error"]?["message"]?.stringValue?.isEmpty == false, sourceLocation: sourceLocation)
    }

    @Test(arguments: TestBackend.all)
    func malformedRequestsNameTheField(_ backend: TestBackend) async throws {
        try await ServerHarness.with(backend, configure: { $0.maxJSONBodyBytes = 64 * 1024 }) { h in
            let w = try await h.world()
            let runs = "/api/v1/projects/\(w.project.id)/runs"
            expectError(try await h.raw(.POST, runs, body: "{\"name\": "), 400, code: "invalid_json", field: "body")
            expectError(try await h.raw(.POST, runs, body: "[1,2]"), 400, code: "wrong_type", field: "body")
            expectError(try await h.raw(.POST, runs, body: #"{"nmae": "x"}"#), 400, code: "unknown_field", field: "nmae")
            expectError(try await h.raw(.POST, runs, body: #"{"name": 5}"#), 400, code: "wrong_type", field: "name")
            expectError(try await h.raw(.POST, runs, body: #"{"config": [1]}"#), 400, code: "wrong_type", field: "config")
            expectError(try await h.raw(.POST, runs, body: #"{"id": "bad id!"}"#), 400, code: "bad_id", field: "id")
            expectError(try await h.raw(.POST, "/api/v1/entities/\(w.entity.id)/projects", body: "{}"), 400, code: "missing_field", field: "name")
            expectError(try await h.raw(.POST, "/api/v1/entities/\(w.entity.id)/projects", body: ""), 400, code: "missing_body", field: "body")
            let huge = "{\"name\": \"" + String(repeating: "x", count: 70 * 1024) + "\"}"
            expectError(try await h.raw(.POST, runs, body: huge), 413, code: "body_too_large", field: "body")
            expectError(try await h.raw(.GET, "/api/v1/runs/bad%20id"), 400, code: "bad_id", field: "run")
            expectError(try await h.raw(.GET, "/api/v1/runs/nosuchrun"), 404, code: "not_found", field: nil)
            expectError(try await h.raw(.GET, "/api/v1/nope"), 404, code: "not_found", field: "path")
            expectError(try await h.raw(.GET, "\(runs)?limit=0"), 400, code: "invalid_query", field: "limit")
            expectError(try await h.raw(.GET, "\(runs)?cursor=%27;drop"), 400, code: "invalid_query", field: "cursor")
            expectError(try await h.raw(.GET, runs, key: .some(nil)), 401, code: "unauthorized", field: "Authorization")
            expectError(try await h.raw(.GET, runs, key: .some("swoop_nope")), 401, code: "unauthorized", field: "Authorization")

            let run = try await h.client.createRun(project: w.project.id)
            let state = "/api/v1/runs/\(run.id)/state"
            expectError(try await h.raw(.POST, state, body: #"{"state": "finished"}"#), 409, code: "illegal_transition", field: "state")
            expectError(try await h.raw(.POST, state, body: #"{"state": "flying"}"#), 400, code: "wrong_type", field: "state")
            let metrics = "/api/v1/runs/\(run.id)/metrics"
            expectError(try await h.raw(.POST, metrics, body: #"{"points": [{"step": -1, "values": {"a": 1}}]}"#), 400, code: "wrong_type", field: "points[0].step")
            expectError(try await h.raw(.POST, metrics, body: #"{"points": [{"step": 1, "values": {"a": "x"}}]}"#), 400, code: "wrong_type", field: "points[0].values.a")
            expectError(try await h.raw(.POST, metrics, body: #"{"points": [{"step": 1, "values": {"a": 1}, "t": 2}]}"#), 400, code: "unknown_field", field: "points[0].t")
            expectError(try await h.raw(.POST, "/api/v1/agents/\(w.agent.id)/lease?wait=999", body: "{}"), 400, code: "invalid_query", field: "wait")
            expectError(try await h.raw(.PUT, "/api/v1/blobs/sha256:" + String(repeating: "a", count: 64), body: "x"), 400, code: "digest_mismatch", field: "digest")
        }
    }
}
