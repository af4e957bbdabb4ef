import AsyncHTTPClient
import Foundation
import NIOCore
import SwoopModel
import Testing

/// The sweep and run pages' event streams: a change reaches a signed-in browser as `event: change`.
@Suite("Web app live events", .timeLimit(.minutes(1)))
struct LiveEventTests {
    /// Opens `path` as the signed-in browser `b`; calls `step(n)` once the stream is open (n = 0) and
    /// after each of the first `count` change events (n = 1...); returns the number of events seen.
    static func events(_ h: WebHarness, _ b: Browser, _ path: String, count: Int, step: (Int) async throws -> Void) async throws -> Int {
        var request = HTTPClientRequest(url: h.baseURL + path)
        request.headers.add(name: "Cookie", value: try #require(await b.cookie))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        #expect(response.status.code == 200)
        #expect(response.headers["Content-Type"].first == "text/event-stream")
        var text = ""
        var opened = false
        var events = 0
        for try await chunk in response.body {
            text += String(buffer: chunk)
            if !opened, text.contains("retry:") {
                opened = true
                try await step(0)
            }
            let seen = text.components(separatedBy: "event: change").count - 1
            if seen > events {
                events = seen
                if events >= count { break }
                try await step(events)
            }
        }
        return events
    }

    @Test("a new run of the sweep and a state change each send a change event")
    func sweepChangesArrive() async throws {
        try await WebHarness.with { h in
            let team = try await h.admin.createEntity(name: "team")
            let project = try await h.admin.createProject(entity: team.id, name: "p")
            let sweep = try await h.admin.createSweep(project: project.id, config: WebRouteTests.config)
            try await h.browser { b in
                _ = try await b.signIn(try #require(h.adminKey))
                let seen = try await Self.events(h, b, "/sweeps/\(sweep.id)/events", count: 2) { n in
                    if n == 0 { _ = try await h.admin.createRun(project: project.id, sweep: sweep.id, name: "r1") }
                    if n == 1 { _ = try await h.admin.transitionSweep(id: sweep.id, to: .running) }
                }
                #expect(seen == 2)
            }
        }
    }

    @Test("a run's new metrics and its log each send a change event")
    func runChangesArrive() async throws {
        try await WebHarness.with { h in
            let team = try await h.admin.createEntity(name: "team")
            let project = try await h.admin.createProject(entity: team.id, name: "p")
            let run = try await h.admin.createRun(project: project.id, name: "solo")
            try await h.browser { b in
                _ = try await b.signIn(try #require(h.adminKey))
                let seen = try await Self.events(h, b, "/runs/\(run.id)/events", count: 2) { n in
                    if n == 0 { _ = try await h.admin.appendMetrics(run: run.id, points: [MetricPoint(step: 0, values: ["loss": .double(1)])]) }
                    if n == 1 { _ = try await h.admin.appendLog(run: run.id, offset: 0, text: "hello\n") }
                }
                #expect(seen == 2)
            }
        }
    }
}
