import AsyncHTTPClient
import Foundation
import NIOCore
import SwoopModel
import Testing

/// The sweep page's event stream: a change of the sweep or its runs reaches a signed-in browser.
@Suite("Web app live events", .timeLimit(.minutes(1)))
struct LiveEventTests {
    @Test("a new run of the sweep and a state change each send a change event")
    func sweepChangesArrive() async throws {
        try await WebHarness.with { h in
            let team = try await h.admin.createEntity(name: "team")
            let project = try await h.admin.createProject(entity: team.id, name: "p")
            let sweep = try await h.admin.createSweep(project: project.id, config: WebRouteTests.config)
            try await h.browser { b in
                _ = try await b.signIn(try #require(h.adminKey))
                let http = HTTPClient(eventLoopGroupProvider: .singleton)
                var request = HTTPClientRequest(url: h.baseURL + "/sweeps/\(sweep.id)/events")
                request.headers.add(name: "Cookie", value: try #require(await b.cookie))
                let response = try await http.execute(request, timeout: .seconds(30))
                #expect(response.status.code == 200)
                #expect(response.headers["Content-Type"].first == "text/event-stream")
                var text = ""
                var changed = false
                var events = 0
                for try await chunk in response.body {
                    text += String(buffer: chunk)
                    if !changed, text.contains("retry:") {
                        changed = true
                        _ = try await h.admin.createRun(project: project.id, sweep: sweep.id, name: "r1")
                    }
                    let seen = text.components(separatedBy: "event: change").count - 1
                    if seen > events {
                        events = seen
                        if events == 1 { _ = try await h.admin.transitionSweep(id: sweep.id, to: .running) }
                        if events == 2 { break }
                    }
                }
                try? await http.shutdown()
                #expect(events == 2)
            }
        }
    }
}
