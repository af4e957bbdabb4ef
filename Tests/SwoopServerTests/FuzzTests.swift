import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SwoopClient
import SwoopModel
import SwoopServer
import Testing

/// Thousands of malformed requests, made from a seeded generator, over every route: none may get a 5xx
/// or take the server down, and every 4xx carries the JSON error shape.
@Suite struct FuzzTests {
    /// SplitMix64: small, seeded, the same sequence on every machine.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let fragments: [String] = [
        "{", "}", "[", "]", "\"", ":", ",", "null", "true", "-1", "1e999", "NaN", "0.5", "\"\\u0000\"", "\"\\ud800\"",
        "{\"state\":", "{\"points\":[{\"step\":", "{\"name\":\"x\"}", "{\"spec\":{}}", "\u{FFFF}", "\\", "9999999999999999999999",
        "{\"queues\":[\"a\",1]}", "{\"config\":{\"a\":[[[[", "{\"offset\":-5,\"text\":\"\"}", "{\"expectedVersion\":1.5,\"state\":{}}",
    ]

    @Test(arguments: TestBackend.all)
    func malformedRequestsNeverCauseA5xx(_ backend: TestBackend) async throws {
        try await ServerHarness.with(backend, configure: { $0.maxJSONBodyBytes = 16 * 1024 }) { h in
            let w = try await h.world()
            let run = try await h.client.createRun(project: w.project.id)
            let item = try await h.client.enqueue(queue: w.queue.id, spec: [:])
            let sweep = try await h.client.createSweep(project: w.project.id, config: ["method": "grid"], queue: w.queue.id)
            let job = try await h.client.createJob(project: w.project.id, name: "j")
            let ids: [String: [String]] = [
                "entity": [w.entity.id.rawValue], "project": [w.project.id.rawValue], "queue": [w.queue.id.rawValue],
                "agent": [w.agent.id.rawValue], "run": [run.id.rawValue], "item": [item.id.rawValue], "sweep": [sweep.id.rawValue],
                "job": [job.id.rawValue],
            ]
            let junkIDs = ["", "x", "..", "%00", "a%2Fb", String(repeating: "z", count: 300), "%E2%98%83", "-1", "null"]
            var rng = Generator(state: 0x5EED_0001)
            let routes = RouteTable.all
            let count = backend == .sqlite ? 3000 : 1500
            var statuses: [Int: Int] = [:]
            for i in 0..<count {
                let route = routes[Int(rng.next() % UInt64(routes.count))]
                var path = route.path
                for p in route.pathParameters {
                    let value = Bool.random(using: &rng) ? (ids[p]?.randomElement(using: &rng) ?? "x") : junkIDs.randomElement(using: &rng)!
                    path = path.replacingOccurrences(of: "{\(p)}", with: value)
                }
                if rng.next() % 3 == 0 {
                    let q = ["limit", "cursor", "since", "wait", "state", "from"].randomElement(using: &rng)!
                    let v = ["-1", "0", "abc", "99999999999999999999", "1", "%FF", ""].randomElement(using: &rng)!
                    path += "?\(q)=\(v)"
                }
                var body = ""
                for _ in 0..<Int(rng.next() % 8) { body += Self.fragments.randomElement(using: &rng)! }
                if rng.next() % 10 == 0 { body = String(repeating: "[", count: 20_000) }
                let method: HTTPMethod = rng.next() % 8 == 0 ? [.GET, .POST, .PUT, .DELETE, .PATCH].randomElement(using: &rng)! : HTTPMethod(rawValue: route.method.rawValue)
                let key: String?? = rng.next() % 6 == 0 ? .some(["swoop_x", "Bearer", ""].randomElement(using: &rng)!) : .none
                // Long-polls are kept short: `wait` is only ever junk or 0/1 here.
                let r = try await h.raw(method, path, body: body.isEmpty ? nil : body, key: key)
                statuses[r.status, default: 0] += 1
                #expect(r.status < 500, "request \(i): \(method) \(path) \(body.prefix(200)) -> \(r.status) \(String(describing: r.json))")
                if r.status >= 400 {
                    #expect(r.json?["error"]?["code"]?.stringValue != nil, "request \(i): \(method) \(path) -> no JSON error")
                }
            }
            // The server is still up and sane afterwards.
            #expect(try await h.client.health().status == "ok")
            #expect(statuses.keys.contains { $0 >= 400 })
        }
    }
}
