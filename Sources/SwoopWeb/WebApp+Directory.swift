import Foundation
import SwoopModel
import SwoopServer
import SwoopStore

extension WebApp {
    /// The entities the caller may see: all for admins (and with authentication off), otherwise those
    /// they belong to, narrowed to the one a limited key names.
    func visibleEntities(_ caller: WebCaller) async throws -> [Entity] {
        let store = env.store
        switch caller.principal {
        case .user(_, let key, let memberships) where !caller.principal.isAdmin:
            var ids = memberships.map(\.entityID)
            if let limit = key.entityID { ids = ids.filter { $0 == limit } }
            var out: [Entity] = []
            for id in ids { out.append(try await store.entity(id: id)) }
            return out.sorted { $0.name < $1.name }
        case .user(_, let key, _):
            let all = try await Pages.all { try await store.listEntities(page: $0) }
            return all.filter { key.entityID == nil || $0.id == key.entityID }
        default:
            return try await Pages.all { try await store.listEntities(page: $0) }
        }
    }

    /// Projects of an entity the caller may use (a key limited to one project sees only it).
    func visibleProjects(_ caller: WebCaller, entity: EntityID) async throws -> [Project] {
        try caller.access.requireEntity(entity)
        let all = try await Pages.all { try await env.store.listProjects(entity: entity, page: $0) }
        return all.filter { (try? caller.access.requireProject($0)) != nil }
    }

    func projectsPage(_ x: WebExchange) async throws -> WebReply {
        let caller = try x.signedIn
        var body = "<h1>Projects</h1>"
        let entities = try await visibleEntities(caller)
        if entities.isEmpty { body += "<p>You belong to no entity yet.</p>" }
        for entity in entities {
            let projects = try await visibleProjects(caller, entity: entity.id)
            body += """
                <section class="entity"><h2>\(HTML.escape(entity.name))</h2>
                <p class="actions">\(HTML.link("Queues and agents", "/entities/\(entity.id)/queues")) · \(HTML.link("Create a sweep on launch", "/entities/\(entity.id)/launch-sweep"))</p>
                """
            let rows = projects.map { p in
                [HTML.escape(p.name), HTML.link("sweeps", "/projects/\(p.id)/sweeps") + " · " + HTML.link("jobs", "/projects/\(p.id)/jobs"), HTML.age(p.createdAt, now: x.now)]
            }
            body += projects.isEmpty ? "<p>No projects.</p>" : HTML.table(["project", "", "created"], rows, attributes: "class=\"projects\"")
            body += "</section>"
        }
        return .html(HTML.page(title: "Projects", caller: caller, body: body))
    }

    func jobsPage(_ x: WebExchange) async throws -> WebReply {
        let caller = try x.signedIn
        let project = try await caller.access.project(try x.id("project"))
        let store = env.store
        let jobs = try await Pages.all(max: 1000) { try await store.listJobs(project: project.id, page: $0) }
        var rows: [[String]] = []
        for job in jobs {
            let versions = try await Pages.all(max: 200) { try await store.listJobVersions(job: job.id, page: $0) }
            let aliases = try await store.listJobAliases(job: job.id)
            for v in versions.reversed() {
                let names = ([v.versionAlias] + aliases.filter { $0.version == v.version }.map(\.alias) + (v.version == job.latestVersion ? ["latest"] : []))
                let uniqueNames = names.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
                rows.append([
                    HTML.escape(job.name), HTML.escape(v.versionAlias),
                    uniqueNames.map { "<span class=\"tag\">\(HTML.escape($0))</span>" }.joined(separator: " "),
                    HTML.escape(v.sourceDescription), "<code>\(HTML.escape(v.entryPointDescription))</code>", HTML.age(v.createdAt, now: x.now),
                ])
            }
        }
        let body = "<h1>Jobs of \(HTML.escape(project.name))</h1><p>\(HTML.link("Sweeps of this project", "/projects/\(project.id)/sweeps"))</p>"
            + (rows.isEmpty ? "<p>No jobs yet (<code>swoop job create</code>).</p>"
                : HTML.table(["job", "version", "aliases", "source", "entry point", "created"], rows, attributes: "class=\"jobs\""))
        return .html(HTML.page(title: "Jobs", caller: caller, body: body))
    }

    func queuesPage(_ x: WebExchange) async throws -> WebReply {
        let caller = try x.signedIn
        let entityID: EntityID = try x.id("entity")
        try caller.access.requireEntity(entityID)
        let store = env.store
        let entity = try await store.entity(id: entityID)
        let queues = try await Pages.all(max: 1000) { try await store.listQueues(entity: entityID, page: $0) }
        let agents = try await Pages.all(max: 1000) { try await store.listAgents(entity: entityID, page: $0) }
        let agentNames = Dictionary(agents.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let queueNames = Dictionary(queues.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        var body = "<h1>Queues of \(HTML.escape(entity.name))</h1>"
        for q in queues {
            let items = try await store.listQueueItems(queue: q.id, states: [.pending, .leased, .running], page: PageRequest(limit: 200)).items
            body += "<section class=\"queue\"><h2>\(HTML.escape(q.name)) <small>\(HTML.escape(q.resource))\(q.prioritized ? ", prioritized" : "")</small></h2>"
            let rows = items.map { item -> [String] in
                let what = item.isScheduler ? "scheduler" : "run"
                let target = item.runID.map { HTML.link($0.rawValue, "/runs/\($0)") } ?? item.sweepID.map { HTML.link($0.rawValue, "/sweeps/\($0)") } ?? ""
                return [
                    HTML.escape(item.id.rawValue), what, target, HTML.escape(item.priority.name), HTML.state(item.state.rawValue),
                    HTML.escape(item.leaseOwner.map { agentNames[$0] ?? $0.rawValue } ?? ""), HTML.age(item.enqueuedAt, now: x.now),
                ]
            }
            body += items.isEmpty ? "<p>Nothing waiting or running.</p>"
                : HTML.table(["item", "kind", "run / sweep", "priority", "state", "agent", "enqueued"], rows, attributes: "class=\"items\"")
            body += "</section>"
        }
        if queues.isEmpty { body += "<p>No queues (<code>swoop queue create</code>).</p>" }
        body += "<h2>Agents</h2>"
        let agentRows = agents.map { a in
            [HTML.escape(a.name), HTML.state(a.state.rawValue), HTML.escape(a.queueIDs.map { queueNames[$0] ?? $0.rawValue }.joined(separator: ", ")),
             HTML.age(a.lastHeartbeat, now: x.now)]
        }
        body += agents.isEmpty ? "<p>No agents (<code>swoop launch-agent</code>).</p>"
            : HTML.table(["agent", "state", "queues", "last heartbeat"], agentRows, attributes: "class=\"agents\"")
        return .html(HTML.page(title: "Queues", caller: caller, body: body))
    }
}
