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
            \(try await runFragmentHTML(run, caller: caller, now: x.now))
            </div>
            """
        return .html(HTML.page(title: "Run \(run.name ?? run.id.rawValue)", caller: caller, body: body))
    }

    func runFragment(_ x: WebExchange) async throws -> WebReply {
        let (caller, run) = try await checkedRun(x)
        return .html(try await runFragmentHTML(run, caller: caller, now: x.now))
    }

    /// The live part of the run page: the Stop button while the run can stop, then SwoopReports' run body.
    func runFragmentHTML(_ run: Run, caller: WebCaller, now: Date) async throws -> String {
        let report = RunReport(run: run, history: try await metricHistory(run.id), log: try await logTail(run.id), now: now).html
        guard let button = runButton(run, caller: caller) else { return report }
        return "<p class=\"actions run-actions\" data-state=\"\(run.state.rawValue)\">\(button)</p>" + report
    }

    /// Stop for a run that has not ended; once asked, a note instead (the agent stops it at its next check).
    func runButton(_ run: Run, caller: WebCaller) -> String? {
        guard !run.state.isTerminal else { return nil }
        if run.stopRequestedAt != nil { return "<span class=\"stop-requested\">stop requested</span>" }
        return HTML.button("Stop", action: "/runs/\(run.id)/stop", caller: caller, cls: "danger")
    }

    /// The runs table's last column: a Stop button (or note) for every run that has not ended.
    func runActions(_ runs: [Run], caller: WebCaller) -> [RunID: String] {
        var actions: [RunID: String] = [:]
        for run in runs { if let b = runButton(run, caller: caller) { actions[run.id] = b } }
        return actions
    }

    /// Asks a run to stop through the API as the signed-in user (`POST /api/v1/runs/{run}/stop`, with
    /// the API's own checks), then back to where the button was.
    func stopRun(_ x: WebExchange) async throws -> WebReply {
        let (caller, run) = try await checkedRun(x)
        if !run.state.isTerminal {
            let client = try await loopback.client(apiKey: caller.session.apiKey)
            _ = try await client.requestStop(run: run.id)
        }
        return .redirect(Self.back(x, or: "/runs/\(run.id)"))
    }
}
