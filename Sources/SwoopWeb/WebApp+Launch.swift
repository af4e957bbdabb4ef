import Foundation
import SwoopConfig
import SwoopModel
import SwoopScheduler
import SwoopServer

extension WebApp {
    func launchForm(_ x: WebExchange, values: [String: String]) async throws -> LaunchForm {
        let caller = try x.signedIn
        let entityID: EntityID = try x.id("entity")
        try caller.access.requireEntity(entityID)
        let store = env.store
        let entity = try await store.entity(id: entityID)
        let projects = try await visibleProjects(caller, entity: entityID)
        var jobs: [LaunchForm.JobChoice] = []
        for p in projects {
            for job in try await Pages.all(max: 500, { try await store.listJobs(project: p.id, page: $0) }) {
                let versions = try await Pages.all(max: 200) { try await store.listJobVersions(job: job.id, page: $0) }
                let aliases = try await store.listJobAliases(job: job.id).map(\.alias)
                let names = versions.reversed().map(\.versionAlias) + aliases.filter { !$0.hasPrefix("v") || Int($0.dropFirst()) == nil }
                jobs.append(.init(project: p.name, name: job.name, versions: names.reduce(into: []) { if !$0.contains($1) { $0.append($1) } }))
            }
        }
        let queues = try await Pages.all(max: 1000) { try await store.listQueues(entity: entityID, page: $0) }
        return LaunchForm(entity: entity, projects: projects.map(\.name), jobs: jobs, queues: queues, values: values)
    }

    func launchSweepPage(_ x: WebExchange) async throws -> WebReply {
        let caller = try x.signedIn
        var values: [String: String] = [:]
        if let p = x.query("project") { values["project"] = p }
        let form = try await launchForm(x, values: values)
        return .html(HTML.page(title: "Create a sweep on launch", caller: caller, body: form.html(caller: caller)))
    }

    /// Checks the form, writes its choices into the configuration (job and version, queue, priority,
    /// num_workers, project), then launches exactly as `swoop launch-sweep` does (SweepLauncher, through
    /// the API as the signed-in user) and lands on the new sweep's page. Problems re-show the form.
    func launchSweep(_ x: WebExchange) async throws -> WebReply {
        let caller = try x.signedIn
        var form = try await launchForm(x, values: x.form.fields)
        func again(_ status: Int, _ error: String?, _ diagnostics: [Diagnostic] = []) -> WebReply {
            form.error = error
            form.diagnostics = diagnostics
            return .html(HTML.page(title: "Create a sweep on launch", caller: caller, body: form.html(caller: caller)), status: status)
        }
        let checked = ConfigCheck.check(x.form["config"] ?? "")
        guard checked.isValid, var doc = checked.config?.document.objectValue else {
            return again(400, "The configuration has errors (listed below the editor).", checked.diagnostics)
        }
        guard let project = x.form.value("project") else { return again(400, "field 'project': choose the destination project") }
        if let job = x.form.value("job") {
            let parts = job.split(separator: "/", maxSplits: 1).map(String.init)
            guard parts.count == 2, form.jobs.contains(where: { $0.project == parts[0] && $0.name == parts[1] }) else {
                return again(400, "field 'job': unknown job '\(job)'")
            }
            guard parts[0] == project else {
                return again(400, "field 'job': job '\(parts[1])' is in project '\(parts[0])'; runs launch jobs of the destination project '\(project)'")
            }
            let version = x.form.value("version") ?? "latest"
            doc["job"] = .string("\(parts[1]):\(version)")
        }
        var launch = doc["launch"]?.objectValue ?? [:]
        var queueName = launch["queue"]?.stringValue
        if let q = x.form.value("queue") {
            guard form.queues.contains(where: { $0.name == q }) else { return again(400, "field 'queue': unknown queue '\(q)'") }
            queueName = q
            launch["queue"] = .string(q)
        }
        guard let queueName, let queue = form.queues.first(where: { $0.name == queueName }) else {
            return again(400, "field 'queue': choose a queue (or set launch.queue in the configuration to one of this entity's queues)")
        }
        // W&B: a queue without priorities takes every job at medium.
        var priority = Priority.medium
        if queue.prioritized, let p = x.form.value("priority") {
            guard let chosen = Priority(name: p) else { return again(400, "field 'priority': expected critical, high, medium or low, got '\(p)'") }
            priority = chosen
        }
        launch["priority"] = .string(priority.name)
        doc["launch"] = .object(launch)
        if let text = x.form.value("num_workers") {
            guard let n = Int(text), (1...1000).contains(n) else { return again(400, "field 'num_workers': expected an integer 1...1000, got '\(text)'") }
            var scheduler = doc["scheduler"]?.objectValue ?? [:]
            scheduler["num_workers"] = .int(n)
            doc["scheduler"] = .object(scheduler)
        }
        doc["project"] = .string(project)
        let final = SweepConfigLoader.parse(document: .object(doc), file: ConfigCheck.file)
        guard final.isValid, let config = final.config else {
            return again(400, "The form's choices make the configuration invalid.", final.diagnostics)
        }
        let client = try await loopback.client(apiKey: caller.session.apiKey)
        let sweep: Sweep
        do {
            sweep = try await SweepLauncher(client: client).launch(config, entity: form.entity.name, project: project, queue: queueName)
        } catch let e as SchedulerError {
            return again(400, e.message)
        }
        return .redirect("/sweeps/\(sweep.id)")
    }

    /// The editor's validate-as-you-type call: the diagnostics of `swoop sweep validate`, as JSON.
    func validate(_ x: WebExchange) async throws -> WebReply {
        _ = try x.signedIn
        let text = x.form["config"] ?? String(decoding: x.rawBody, as: UTF8.self)
        return .json(ConfigCheck.json(ConfigCheck.check(text)))
    }
}
