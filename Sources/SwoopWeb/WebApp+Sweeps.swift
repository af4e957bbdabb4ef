import Foundation
import SwoopConfig
import SwoopModel
import SwoopReports
import SwoopScheduler
import SwoopServer
import SwoopStore

extension WebApp {
    /// Every run of a sweep (the scheduler's own run is not one of them), oldest first.
    func sweepRuns(_ sweep: SweepID) async throws -> [Run] {
        try await runCache.runs(of: sweep)
    }

    /// The sweep's runs with their objectives' last logged values filled into summaries that lack them.
    func sweepRunsWithResults(_ sweep: Sweep) async throws -> [Run] {
        try await summaries.completed(try await sweepRuns(sweep.id), keys: Self.objectives(sweep))
    }

    static func objectives(_ sweep: Sweep) -> [String] {
        let config = SweepConfigLoader.parse(document: sweep.config, file: nil).config
        return ([config?.metric?.name] + (config?.metrics ?? []).map(\.name)).compactMap { $0 }
    }

    /// The sweep of the path, checked against the caller as the API checks it.
    func checkedSweep(_ x: WebExchange, withState: Bool = false) async throws -> (WebCaller, Sweep) {
        let caller = try x.signedIn
        let id: SweepID = try x.id("sweep")
        let sweep = withState ? try await env.store.sweep(id: id) : try await env.store.sweepWithoutState(id: id)
        try await caller.access.requireSweep(sweep)
        return (caller, sweep)
    }

    /// The pause/resume/stop/cancel buttons a sweep in this state offers (as `swoop sweep ...` and
    /// `swoop launch-sweep --resume-id` allow them; a finished sweep has nothing left to resume).
    func sweepButtons(_ sweep: Sweep, caller: WebCaller) -> String {
        var buttons: [String] = []
        let action = "/sweeps/\(sweep.id)/state"
        if sweep.state == .running { buttons.append(HTML.button("Pause", action: action, caller: caller, fields: ["state": "paused"])) }
        if sweep.state == .paused || [.stopped, .cancelled, .failed].contains(sweep.state) {
            buttons.append(HTML.button("Resume", action: action, caller: caller, fields: ["state": "running"]))
        }
        if !sweep.state.isTerminal {
            buttons.append(HTML.button("Stop", action: action, caller: caller, fields: ["state": "stopped"]))
            buttons.append(HTML.button("Cancel", action: action, caller: caller, fields: ["state": "cancelled"], cls: "danger"))
        }
        return buttons.joined(separator: " ")
    }

    func sweepsPage(_ x: WebExchange) async throws -> WebReply {
        let caller = try x.signedIn
        let project = try await caller.access.project(try x.id("project"))
        let store = env.store
        let sweeps = try await Pages.all(max: 500) { try await store.listSweeps(project: project.id, page: $0) }
        var rows: [[String]] = []
        for sweep in sweeps.sorted(by: { $0.createdAt > $1.createdAt }) {
            let data = SweepDataset(sweep: sweep, runs: try await sweepRunsWithResults(sweep))
            let progress = data.plannedRuns.map { "\(data.runs.count) / \($0)" } ?? "\(data.runs.count) runs"
            let bar = data.plannedRuns.map { "<progress max=\"\(max(1, $0))\" value=\"\(min($0, data.runs.count))\"></progress> " } ?? ""
            let best = data.bestIndex.flatMap { b in data.objectiveValues.first?[b] }.map { v in
                HTML.number(v) + (data.primary.map { " <small>\(HTML.escape($0.name))</small>" } ?? "")
            } ?? "–"
            rows.append([
                HTML.link(sweep.name ?? sweep.id.rawValue, "/sweeps/\(sweep.id)") + (sweep.name == nil ? "" : " <small>\(HTML.escape(sweep.id.rawValue))</small>"),
                HTML.state(sweep.state.rawValue), bar + HTML.escape(progress), best, HTML.age(sweep.createdAt, now: x.now),
                sweepButtons(sweep, caller: caller),
            ])
        }
        let body = """
            <h1>Sweeps of \(HTML.escape(project.name))</h1>
            <p class="actions">\(HTML.link("Create a sweep on launch", "/entities/\(project.entityID)/launch-sweep?project=\(project.name.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? "")")) · \(HTML.link("Jobs", "/projects/\(project.id)/jobs"))</p>
            """ + (rows.isEmpty ? "<p>No sweeps yet.</p>" : HTML.table(["sweep", "state", "progress", "best", "age", ""], rows, attributes: "class=\"sweeps\""))
        return .html(HTML.page(title: "Sweeps", caller: caller, body: body))
    }

    /// Pause, resume, stop or cancel through the API as the signed-in user (what `swoop sweep pause|...`
    /// does), then back to where the button was. Resuming a paused sweep lets its scheduler go on;
    /// resuming an ended one queues a new scheduler as `swoop launch-sweep --resume-id` does.
    func changeSweepState(_ x: WebExchange) async throws -> WebReply {
        let (caller, sweep) = try await checkedSweep(x)
        guard let raw = x.form.value("state"), let target = SweepState(rawValue: raw),
            [.paused, .running, .stopped, .cancelled].contains(target)
        else {
            throw WebError(400, "field 'state': expected one of paused, running, stopped, cancelled, got '\(x.form["state"] ?? "")'")
        }
        if sweep.state != target {
            let client = try await loopback.client(apiKey: caller.session.apiKey)
            if target == .running, sweep.state == .pending {
                throw WebError(409, "Sweep \(sweep.id) is pending: its scheduler is already on the queue and the sweep runs once an agent starts it, so there is nothing to resume. If no agent serves the queue, start one with swoop launch-agent --queue QUEUE.")
            }
            if target == .running, sweep.state.isTerminal {
                let project = try await env.store.project(id: sweep.projectID)
                let entity = try await env.store.entity(id: project.entityID)
                _ = try await SweepLauncher(client: client).resume(sweep.id, config: nil, entity: entity.name, project: project.name, queue: nil)
            } else {
                _ = try await client.transitionSweep(id: sweep.id, to: target)
            }
        }
        return .redirect(Self.back(x, or: "/sweeps/\(sweep.id)"))
    }

    func sweepPage(_ x: WebExchange) async throws -> WebReply {
        let (caller, sweep) = try await checkedSweep(x)
        let project = try await env.store.project(id: sweep.projectID)
        let fragment = try await sweepFragmentHTML(sweep, caller: caller, query: x.request.uri.query ?? "", now: x.now)
        let body = """
            <p class="crumbs">\(HTML.link(project.name, "/projects/\(project.id)/sweeps")) / sweep</p>
            <div id="live" data-events="/sweeps/\(sweep.id)/events" data-fragment="/sweeps/\(sweep.id)/fragment">
            \(fragment)
            </div>
            """
        return .html(HTML.page(title: "Sweep \(sweep.name ?? sweep.id.rawValue)", caller: caller, body: body))
    }

    func sweepFragment(_ x: WebExchange) async throws -> WebReply {
        let (caller, sweep) = try await checkedSweep(x)
        return .html(try await sweepFragmentHTML(sweep, caller: caller, query: x.request.uri.query ?? "", now: x.now))
    }

    /// The live part of the sweep page: the state buttons, then SwoopReports' sweep body (header with
    /// progress and best value, charts, runs table in the view `query` names, scheduler log).
    func sweepFragmentHTML(_ sweep: Sweep, caller: WebCaller, query: String, now: Date) async throws -> String {
        let runs = try await sweepRunsWithResults(sweep)
        let log = try await logTail(RunID(sweep.id.rawValue))
        let report = SweepReport(sweep: sweep, runs: runs, schedulerLog: log, query: RunsTableQuery(query: query),
                                 links: ReportLinks(pagePath: "/sweeps/\(sweep.id)", runActions: runActions(runs, caller: caller)), now: now)
        let key = ChartCache.key(sweep, runs: runs, objectives: Self.objectives(sweep))
        let chartsHTML: String
        if let cached = await charts.html(for: sweep.id, key: key) {
            chartsHTML = cached
        } else {
            chartsHTML = report.chartsHTML
            await charts.store(chartsHTML, for: sweep.id, key: key)
        }
        // SwoopReports' body (`report.html`) in its order, with the charts from the cache.
        return "<p class=\"actions sweep-actions\" data-state=\"\(sweep.state.rawValue)\">\(sweepButtons(sweep, caller: caller))</p>"
            + "<div class=\"swoop-sweep\">" + report.headerHTML + chartsHTML + report.runsTableHTML + report.logHTML + "</div>"
    }

    /// The last 64 KiB of a run's log ("" when it has none).
    func logTail(_ run: RunID, bytes: Int64 = 64 * 1024) async throws -> String {
        let size: Int64
        do { size = try await env.store.run(id: run).logSize } catch StoreError.notFound { return "" }
        let page = try await env.store.logs(run: run, from: max(0, size - bytes), limit: 1000)
        return String(page.chunks.map(\.text).joined().suffix(Int(bytes)))
    }
}
