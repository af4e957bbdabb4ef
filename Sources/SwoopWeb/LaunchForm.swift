import Foundation
import SwoopConfig
import SwoopModel

/// The "create a sweep on launch" form (pure): what it offers (projects, jobs with versions and aliases,
/// queues), what was entered, and the problems to show next to it.
struct LaunchForm: Sendable {
    struct JobChoice: Sendable {
        var project: String
        var name: String
        var versions: [String]
    }

    static let starter = """
        method: random
        metric:
          name: loss
          goal: minimize
        parameters:
          lr:
            distribution: log_uniform_values
            min: 0.0001
            max: 0.1
          batch_size:
            values: [16, 32, 64]
        run_cap: 10
        """

    var entity: Entity
    var projects: [String]
    var jobs: [JobChoice]
    var queues: [Queue]
    var values: [String: String]
    var diagnostics: [Diagnostic] = []
    var error: String?

    func html(caller: WebCaller) -> String {
        let project = values["project"] ?? projects.first ?? ""
        let projectOptions = projects.map { "<option value=\"\(HTML.escape($0))\"></option>" }.joined()
        let chosenJob = values["job"] ?? ""
        var jobOptions = "<option value=\"\">as in the configuration (job:)</option>"
        var versionOptions = "<option value=\"latest\">latest</option>"
        for j in jobs {
            let key = "\(j.project)/\(j.name)"
            jobOptions += "<option value=\"\(HTML.escape(key))\"\(key == chosenJob ? " selected" : "")>\(HTML.escape(key))</option>"
            for v in j.versions where v != "latest" {
                let selected = key == chosenJob && values["version"] == v ? " selected" : ""
                versionOptions += "<option value=\"\(HTML.escape(v))\" data-job=\"\(HTML.escape(key))\"\(selected)>\(HTML.escape(v))</option>"
            }
        }
        let queueOptions = queues.map { q in
            "<option value=\"\(HTML.escape(q.name))\" data-prioritized=\"\(q.prioritized)\"\(values["queue"] == q.name ? " selected" : "")>\(HTML.escape(q.name)) (\(HTML.escape(q.resource)))</option>"
        }.joined()
        let priority = values["priority"] ?? "medium"
        let priorityOptions = Priority.allCases.map { p in
            "<option value=\"\(p.name)\"\(p.name == priority ? " selected" : "")>\(p.name)</option>"
        }.joined()
        let problems = diagnostics.map { "<li class=\"\($0.severity.rawValue)\">\(HTML.escape($0.description))</li>" }.joined()
        let error = self.error.map { "<p class=\"error\" role=\"alert\">\(HTML.escape($0))</p>" } ?? ""
        return """
            <h1>Create a sweep on launch <small>in \(HTML.escape(entity.name))</small></h1>
            \(error)
            <form method="post" action="/entities/\(entity.id)/launch-sweep" class="launch" id="launch-form">
            \(HTML.csrfField(caller))
            <div class="editor-wrap">
            <label for="config">Sweep configuration (YAML or JSON)</label>
            <div class="editor"><pre class="gutter" aria-hidden="true"></pre><textarea id="config" name="config" spellcheck="false" data-validate="/validate" rows="22">\(HTML.escape(values["config"] ?? Self.starter))</textarea><div class="notes" aria-live="polite"></div></div>
            <p class="validity" id="validity"></p>
            <ul class="diagnostics" id="diagnostics">\(problems)</ul>
            </div>
            <fieldset class="fields">
            <label for="job">Job</label><select id="job" name="job">\(jobOptions)</select>
            <label for="version">Version</label><select id="version" name="version">\(versionOptions)</select>
            <label for="queue">Queue</label><select id="queue" name="queue"><option value="">as in the configuration (launch.queue)</option>\(queueOptions)</select>
            <label for="priority">Priority</label><select id="priority" name="priority">\(priorityOptions)</select>
            <label for="num_workers">Scheduler: num_workers</label><input id="num_workers" name="num_workers" type="number" min="1" max="1000" placeholder="default" value="\(HTML.escape(values["num_workers"] ?? ""))">
            <label for="project">Destination project</label><input id="project" name="project" list="projects" required value="\(HTML.escape(project))"><datalist id="projects">\(projectOptions)</datalist>
            <button type="submit" id="launch">Launch sweep</button>
            </fieldset>
            </form>
            """
    }
}
