import Foundation
import SwoopModel
import SwoopReports
import SwoopServer
import SwoopStore

extension WebApp {
    func checkedRun(_ x: WebExchange) async throws -> (WebCaller, Run) {
        let caller = try x.signedIn
        let run = try await env.store.run(id: try x.id("run"))
        try await caller.access.requireRun(run)
        return (caller, run)
    }

    /// A run's metric history, bounded (charts downsample it; a run may log far more).
    func metricHistory(_ run: RunID, maxPoints: Int = 50_000) async throws -> [MetricPoint] {
        let store = env.store
        return try await Pages.drain(max: maxPoints) { c in
            let page = try await store.metrics(run: run, since: c, limit: 10_000)
            return (page.points, page.nextCursor)
        }.items
    }

    func runPage(_ x: WebExchange) async throws -> WebReply {
        let (caller, run) = try await checkedRun(x)
        let project = try await env.store.project(id: run.projectID)
        var crumbs = HTML.link(project.name, "/projects/\(project.id)/sweeps")
        if let sweep = run.sweepID { crumbs += " / " + HTML.link("sweep \(sweep)", "/sweeps/\(sweep)") }
        let body = """
            <p class="crumbs">\(crumbs) / run</p>
            <div id="live" data-events="/runs/\(run.id)/events" data-fragment="/runs/\(run.id)/fragment">
            \(try await runFragmentHTML(run, now: x.now))
            </div>
            """
        return .html(HTML.page(title: "Run \(run.name ?? run.id.rawValue)", caller: caller, body: body))
    }

    func runFragment(_ x: WebExchange) async throws -> WebReply {
        let (_, run) = try await checkedRun(x)
        return .html(try await runFragmentHTML(run, now: x.now))
    }

    func runFragmentHTML(_ run: Run, now: Date) async throws -> String {
        RunReport(run: run, history: try await metricHistory(run.id), log: try await logTail(run.id), now: now).html
    }
}
