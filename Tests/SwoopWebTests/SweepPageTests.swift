import Foundation
import SwoopClient
import SwoopModel
import Testing

/// The sweep and run pages against a real server: what they show follows the store after a first
/// view (the runs and charts kept between views must not go stale), and results logged only as
/// metrics count as the run's result.
@Suite("Web sweep and run pages", .timeLimit(.minutes(2)))
struct SweepPageTests {
    @Test("a run added, finished or given a result after the first view shows on the next one")
    func pagesFollowChanges() async throws {
        try await WebHarness.with { h in
            let team = try await h.admin.createEntity(name: "team")
            let project = try await h.admin.createProject(entity: team.id, name: "p")
            let sweep = try await h.admin.createSweep(project: project.id, name: "watched", config: WebRouteTests.config)
            let first = try await h.admin.createRun(project: project.id, sweep: sweep.id, name: "first-run", config: ["lr": 0.01])
            try await h.browser { b in
                _ = try await b.signIn(try #require(h.adminKey))
                let before = try await b.get("/sweeps/\(sweep.id)/fragment")
                #expect(before.status == 200)
                #expect(before.body.contains("first-run") && !before.body.contains("second-run"))
                #expect(before.body.contains("none yet"))

                _ = try await h.admin.createRun(project: project.id, sweep: sweep.id, name: "second-run", config: ["lr": 0.02])
                _ = try await h.admin.transitionRun(id: first.id, to: .running)
                _ = try await h.admin.appendMetrics(run: first.id, points: [MetricPoint(step: 0, values: ["loss": .double(0.75)]),
                                                                          MetricPoint(step: 1, values: ["loss": .double(0.3125)])])
                _ = try await h.admin.transitionRun(id: first.id, to: .finished)
                let after = try await b.get("/sweeps/\(sweep.id)/fragment")
                #expect(after.body.contains("second-run"))
                // The last logged loss is the run's result (it has no summary).
                #expect(after.body.contains("0.3125"))
                #expect(!after.body.contains("none yet"))

                _ = try await h.admin.setSummary(run: first.id, summary: ["loss": 0.125])
                let summarized = try await b.get("/sweeps/\(sweep.id)")
                #expect(summarized.body.contains("0.125"))

                let list = try await b.get("/projects/\(project.id)/sweeps")
                #expect(list.body.contains("2 / 4") && list.body.contains("0.125"))

                let run = try await b.get("/runs/\(first.id)")
                #expect(run.status == 200)
                #expect(run.body.contains("swoop-run-page") && run.body.contains("<svg") && run.body.contains("data-events=\"/runs/\(first.id)/events\""))
                #expect(try await b.get("/runs/\(first.id)/fragment").body.contains("finished"))
            }
        }
    }
}
