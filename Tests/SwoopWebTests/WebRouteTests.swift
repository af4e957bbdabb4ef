import Foundation
import SwoopClient
import SwoopModel
import Testing

/// The web app's routes against a real server (SQLite in a temporary folder): sessions and cookies,
/// CSRF, entity scoping, the launch form's checks, and bad input answered with error pages.
@Suite("Web app routes", .timeLimit(.minutes(2)))
struct WebRouteTests {
    static let config: JSONValue = [
        "method": "random", "metric": ["name": "loss", "goal": "minimize"],
        "parameters": ["lr": ["min": 0.001, "max": 0.1]], "run_cap": 4,
    ]

    @Test("a signed-out browser gets the sign-in page with 401 and no data, on pages, fragments and event streams")
    func signedOutGetsNothing() async throws {
        try await WebHarness.with { h in
            let team = try await h.admin.createEntity(name: "team")
            let project = try await h.admin.createProject(entity: team.id, name: "secret-project")
            let sweep = try await h.admin.createSweep(project: project.id, name: "secret-sweep", config: Self.config)
            try await h.browser { b in
                for path in ["/", "/projects", "/projects/\(project.id)/sweeps", "/sweeps/\(sweep.id)", "/sweeps/\(sweep.id)/fragment",
                             "/sweeps/\(sweep.id)/events", "/entities/\(team.id)/queues", "/entities/\(team.id)/launch-sweep"] {
                    let page = try await b.get(path)
                    #expect(page.status == 401, "\(path)")
                    #expect(page.body.contains("Sign in"), "\(path)")
                    #expect(!page.body.contains("secret-project") && !page.body.contains("secret-sweep"), "\(path)")
                }
                // A cookie this server did not seal is no session.
                await b.setCookie("swoop_session=AAAA" + String(repeating: "x", count: 80))
                #expect(try await b.get("/projects").status == 401)
                await b.setCookie("swoop_session=%%%")
                #expect(try await b.get("/projects").status == 401)
            }
        }
    }

    @Test("signing in sets an HttpOnly, SameSite=Strict session cookie; wrong CSRF or key is refused; signing out ends it")
    func signInAndOut() async throws {
        try await WebHarness.with { h in
            let key = try #require(h.adminKey)
            let team = try await h.admin.createEntity(name: "team")
            _ = try await h.admin.createProject(entity: team.id, name: "visible-project")
            try await h.browser { b in
                let form = try await b.get("/sign-in")
                #expect(form.status == 200)
                let cookie = try #require(form.setCookie)
                #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Path=/"))
                #expect(!cookie.contains(key))
                // No token, then a wrong token: 403, still signed out.
                #expect(try await b.post("/sign-in", ["api_key": key], csrf: false).status == 403)
                #expect(try await b.post("/sign-in", ["api_key": key, "csrf": "forged"]).status == 403)
                #expect(try await b.get("/projects").status == 401)
                let bad = try await b.post("/sign-in", ["api_key": "swoop_" + String(repeating: "0", count: 64)])
                #expect(bad.status == 401)
                #expect(bad.body.contains("unknown API key"))
                let ok = try await b.signIn(key)
                #expect(ok.status == 303)
                #expect(ok.location == "/projects")
                let signedIn = try #require(ok.setCookie)
                #expect(signedIn.contains("HttpOnly") && signedIn.contains("SameSite=Strict"))
                let projects = try await b.get("/projects")
                #expect(projects.status == 200)
                #expect(projects.body.contains("visible-project"))
                // The token changes with the session: the one from before signing in no longer works.
                #expect(try await b.post("/sign-out", ["csrf": try #require(Browser.csrfToken(in: form.body))]).status == 403)
                let out = try await b.post("/sign-out")
                #expect(out.status == 303)
                #expect(try await b.get("/projects").status == 401)
            }
        }
    }

    @Test("a revoked key ends the session; run tokens cannot sign in")
    func revokedKeyAndTokens() async throws {
        try await WebHarness.with { h in
            let bob = try await h.admin.createUser(name: "bob")
            let made = try await h.admin.createKey(user: bob.id, name: "web")
            let project = try await h.admin.createProject(entity: try await h.admin.entity(named: "bob").id, name: "p")
            let run = try await h.admin.createRun(project: project.id)
            let token = try await h.admin.createRunToken(run: run.id)
            try await h.browser { b in
                #expect(try await b.signIn(made.key).status == 303)
                #expect(try await b.get("/projects").status == 200)
                _ = try await h.admin.revokeKey(user: bob.id, key: made.record.id)
                #expect(try await b.get("/projects").status == 401)
                let refused = try await b.signIn(token.key)
                #expect(refused.status == 403)
                #expect(refused.body.contains("run and agent tokens"))
            }
        }
    }

    @Test("nobody sees another entity's projects, sweeps or queues")
    func entityScoping() async throws {
        try await WebHarness.with { h in
            let team = try await h.admin.createEntity(name: "team")
            let hidden = try await h.admin.createProject(entity: team.id, name: "team-only-project")
            let sweep = try await h.admin.createSweep(project: hidden.id, name: "team-sweep", config: Self.config)
            let bob = try await h.admin.createUser(name: "bob")
            let key = try await h.admin.createKey(user: bob.id, name: "web").key
            _ = try await h.admin.createProject(entity: try await h.admin.entity(named: "bob").id, name: "bobs-project")
            try await h.browser { b in
                #expect(try await b.signIn(key).status == 303)
                let projects = try await b.get("/projects")
                #expect(projects.body.contains("bobs-project"))
                #expect(!projects.body.contains("team-only-project"))
                for path in ["/projects/\(hidden.id)/sweeps", "/projects/\(hidden.id)/jobs", "/sweeps/\(sweep.id)", "/sweeps/\(sweep.id)/events",
                             "/entities/\(team.id)/queues", "/entities/\(team.id)/launch-sweep"] {
                    let page = try await b.get(path)
                    #expect(page.status == 403, "\(path)")
                    #expect(!page.body.contains("team-sweep"), "\(path)")
                }
                let post = try await b.post("/sweeps/\(sweep.id)/state", ["state": "stopped"])
                #expect(post.status == 403)
                #expect(try await h.admin.sweep(id: sweep.id).state == .pending)
            }
        }
    }

    /// An entity `team`, its project `p` and a sweep `s1` there, on a queue `q` when `onQueue`.
    static func teamSweep(_ h: WebHarness, onQueue: Bool) async throws -> (team: Entity, project: Project, queue: Queue?, sweep: Sweep) {
        let team = try await h.admin.createEntity(name: "team")
        let project = try await h.admin.createProject(entity: team.id, name: "p")
        let queue = onQueue ? try await h.admin.createQueue(entity: team.id, name: "q", resource: "local-process") : nil
        let sweep = try await h.admin.createSweep(project: project.id, name: "s1", config: Self.config, queue: queue?.id)
        return (team, project, queue, sweep)
    }

    @Test("sweep buttons are CSRF-protected POSTs that move the sweep as the API does; bad states get an error page")
    func sweepStateButtons() async throws {
        try await WebHarness.with { h in
            let (_, project, q, sweep) = try await Self.teamSweep(h, onQueue: true)
            let queue = try #require(q)
            _ = try await h.admin.transitionSweep(id: sweep.id, to: .running)
            try await h.browser { b in
                _ = try await b.signIn(try #require(h.adminKey))
                let list = try await b.get("/projects/\(project.id)/sweeps")
                #expect(list.status == 200)
                #expect(list.body.contains("s1") && list.body.contains("0 / 4") && list.body.contains(">Pause<"))
                #expect(try await b.post("/sweeps/\(sweep.id)/state", ["state": "paused"], csrf: false).status == 403)
                #expect(try await h.admin.sweep(id: sweep.id).state == .running)
                let paused = try await b.post("/sweeps/\(sweep.id)/state", ["state": "paused"])
                #expect(paused.status == 303)
                #expect(try await h.admin.sweep(id: sweep.id).state == .paused)
                #expect(try await b.post("/sweeps/\(sweep.id)/state", ["state": "running"]).status == 303)
                #expect(try await h.admin.sweep(id: sweep.id).state == .running)
                let bogus = try await b.post("/sweeps/\(sweep.id)/state", ["state": "exploded"])
                #expect(bogus.status == 400)
                #expect(bogus.body.contains("field &#39;state&#39;"))
                #expect(try await b.post("/sweeps/\(sweep.id)/state", ["state": "stopped"]).status == 303)
                #expect(try await h.admin.sweep(id: sweep.id).state == .stopped)
                #expect(try await b.get("/sweeps/\(sweep.id)").body.contains(">Resume<"))
                // Resuming an ended sweep queues a new scheduler, as launch-sweep --resume-id does.
                let resumed = try await b.post("/sweeps/\(sweep.id)/state", ["state": "running"])
                #expect(resumed.status == 303, "\(resumed.body)")
                #expect(try await h.admin.sweep(id: sweep.id).state == .pending)
                let items = try await h.admin.listQueueItems(queue: queue.id).items
                #expect(items.count == 1 && items.first?.isScheduler == true && items.first?.sweepID == sweep.id)
                let again = try await b.post("/sweeps/\(sweep.id)/state", ["state": "running"])
                #expect(again.status == 409)
                #expect(again.body.contains("pending") && again.body.contains("already on the queue"))
                #expect(try await h.admin.listQueueItems(queue: queue.id).items.count == 1)
            }
        }
    }

    @Test("resuming a cancelled sweep without a queue says what launch-sweep says and changes nothing")
    func resumeWithoutQueue() async throws {
        try await WebHarness.with { h in
            let sweep = try await Self.teamSweep(h, onQueue: false).sweep
            _ = try await h.admin.transitionSweep(id: sweep.id, to: .cancelled)
            try await h.browser { b in
                _ = try await b.signIn(try #require(h.adminKey))
                #expect(try await b.get("/sweeps/\(sweep.id)").body.contains(">Resume<"))
                let refused = try await b.post("/sweeps/\(sweep.id)/state", ["state": "running"])
                #expect(refused.status == 400)
                #expect(refused.body.contains("queue"), "\(refused.body)")
                #expect(try await h.admin.sweep(id: sweep.id).state == .cancelled)
            }
        }
    }

    @Test("runs that have not ended get a CSRF-protected Stop button on the sweep's runs table and the run page")
    func runStopButtons() async throws {
        try await WebHarness.with { h in
            let (_, project, _, sweep) = try await Self.teamSweep(h, onQueue: false)
            let live = try await h.admin.createRun(project: project.id, sweep: sweep.id, name: "live-run", config: ["lr": 0.01])
            _ = try await h.admin.transitionRun(id: live.id, to: .running)
            let done = try await h.admin.createRun(project: project.id, sweep: sweep.id, name: "done-run", config: ["lr": 0.02])
            _ = try await h.admin.transitionRun(id: done.id, to: .running)
            _ = try await h.admin.transitionRun(id: done.id, to: .finished, exitCode: 0)
            let bob = try await h.admin.createUser(name: "bob")
            let bobKey = try await h.admin.createKey(user: bob.id, name: "web").key
            try await h.browser { b in
                let signedIn = try await b.signIn(bobKey)
                #expect(signedIn.status == 303)
                _ = try await b.get("/projects")
                let refused = try await b.post("/runs/\(live.id)/stop")
                #expect(refused.status == 403)
                #expect(!refused.body.contains("CSRF"), "refused by the run's entity, not for want of a token")
            }
            #expect(try await h.admin.run(id: live.id).stopRequestedAt == nil)
            try await h.browser { b in
                _ = try await b.signIn(try #require(h.adminKey))
                let table = try await b.get("/sweeps/\(sweep.id)")
                #expect(table.body.contains("action=\"/runs/\(live.id)/stop\""))
                #expect(!table.body.contains("action=\"/runs/\(done.id)/stop\""))
                #expect(try await b.get("/runs/\(live.id)").body.contains("action=\"/runs/\(live.id)/stop\""))
                #expect(!(try await b.get("/runs/\(done.id)").body.contains("/stop\"")))
                #expect(try await b.post("/runs/\(live.id)/stop", csrf: false).status == 403)
                #expect(try await h.admin.run(id: live.id).stopRequestedAt == nil)
                let stopped = try await b.post("/runs/\(live.id)/stop")
                #expect(stopped.status == 303)
                #expect(try await h.admin.run(id: live.id).stopRequestedAt != nil)
                let after = try await b.get("/runs/\(live.id)/fragment")
                #expect(after.body.contains("stop requested") && !after.body.contains("action=\"/runs/\(live.id)/stop\""))
                #expect(try await b.post("/runs/\(done.id)/stop").status == 303)
                #expect(try await h.admin.run(id: done.id).stopRequestedAt == nil)
                #expect(try await b.post("/runs/nosuchrun123/stop").status == 404)
            }
        }
    }

    @Test("unknown and malformed ids, and oversized forms, get error pages")
    func badInput() async throws {
        try await WebHarness.with { h in
            try await h.browser { b in
                _ = try await b.signIn(try #require(h.adminKey))
                let unknown = try await b.get("/sweeps/nosuchsweep1")
                #expect(unknown.status == 404)
                #expect(unknown.body.contains("<h1>Not found</h1>"))
                #expect(try await b.get("/runs/bad%20id").status == 400)
                #expect(try await b.get("/projects/$$$/jobs").status == 400)
                let big = try await b.post("/validate", ["config": String(repeating: "a", count: 2 << 20)])
                #expect(big.status == 413)
            }
        }
    }

    @Test("the editor's check answers swoop sweep validate's diagnostics with lines; the launch form refuses bad fields")
    func launchFormChecks() async throws {
        try await WebHarness.with { h in
            let team = try await h.admin.createEntity(name: "team")
            _ = try await h.admin.createProject(entity: team.id, name: "p")
            _ = try await h.admin.createQueue(entity: team.id, name: "q", resource: "local-process")
            try await h.browser { b in
                _ = try await b.signIn(try #require(h.adminKey))
                let form = try await b.get("/entities/\(team.id)/launch-sweep")
                #expect(form.status == 200)
                #expect(form.body.contains("Launch sweep") && form.body.contains("value=\"q\""))
                let invalid = "method: random\nparameters:\n  lr:\n    min: 0.1\n    max: oops\n"
                let checked = try await b.post("/validate", ["config": invalid], csrf: false, headers: ["X-CSRF-Token": try #require(await b.csrf)])
                #expect(checked.status == 200)
                let json = try JSONText.parse(checked.body)
                #expect(json["valid"] == .bool(false))
                let first = try #require(json["diagnostics"].flatMap { if case .array(let a) = $0 { return a.first } else { return nil } })
                #expect(first["line"] == .int(5))
                #expect(first["text"]?.stringValue?.hasPrefix("config:5:") == true)
                #expect(try await b.post("/validate", ["config": invalid], csrf: false).status == 403)

                let refused = try await b.post("/entities/\(team.id)/launch-sweep", ["config": invalid, "queue": "q", "project": "p"])
                #expect(refused.status == 400)
                #expect(refused.body.contains("config:5:"))
                let valid = "method: random\nparameters:\n  lr:\n    min: 0.1\n    max: 0.2\nprogram: train.py\n"
                let noQueue = try await b.post("/entities/\(team.id)/launch-sweep", ["config": valid, "queue": "nope", "project": "p"])
                #expect(noQueue.status == 400)
                #expect(noQueue.body.contains("field &#39;queue&#39;"))
                let workers = try await b.post("/entities/\(team.id)/launch-sweep", ["config": valid, "queue": "q", "project": "p", "num_workers": "0"])
                #expect(workers.body.contains("field &#39;num_workers&#39;"))
                let job = try await b.post("/entities/\(team.id)/launch-sweep", ["config": valid, "queue": "q", "project": "p", "job": "p/ghost"])
                #expect(job.body.contains("field &#39;job&#39;"))
            }
        }
    }

    @Test("the jobs page shows where each version's code comes from and its entry point as a shell would take it")
    func jobsPageShowsSources() async throws {
        try await WebHarness.with { h in
            let team = try await h.admin.createEntity(name: "team")
            let project = try await h.admin.createProject(entity: team.id, name: "p")
            let job = try await h.admin.createJob(project: project.id, name: "train")
            _ = try await h.admin.addJobVersion(
                job: job.id, sourceKind: .git, entryPoint: ["python3", "train.py", "--note", "a b"],
                metadata: ["git": ["remote": "https://example.com/acme/ml.git", "commit": "3f2a9c1d0e5b7a8c9d", "path": "trainer"]])
            _ = try await h.admin.addJobVersion(job: job.id, sourceKind: .image, entryPoint: [], metadata: ["image": "ghcr.io/acme/serve:1.4"])
            try await h.browser { b in
                _ = try await b.signIn(try #require(h.adminKey))
                let page = try await b.get("/projects/\(project.id)/jobs")
                #expect(page.status == 200)
                #expect(page.body.contains("git https://example.com/acme/ml.git@3f2a9c1d0e5b:trainer"), "\(page.body)")
                #expect(page.body.contains("<code>python3 train.py --note &#39;a b&#39;</code>"), "\(page.body)")
                #expect(page.body.contains("image ghcr.io/acme/serve:1.4") && page.body.contains("<code>(image default)</code>"))
            }
        }
    }

    @Test("the launch form creates the sweep and queues its scheduler like launch-sweep, at medium on a queue without priorities")
    func launchFormCreatesSweep() async throws {
        try await WebHarness.with { h in
            let team = try await h.admin.createEntity(name: "team")
            let project = try await h.admin.createProject(entity: team.id, name: "p")
            let queue = try await h.admin.createQueue(entity: team.id, name: "q", resource: "local-process", prioritized: false)
            let job = try await h.admin.createJob(project: project.id, name: "train")
            _ = try await h.admin.addJobVersion(job: job.id, sourceKind: .code, entryPoint: ["python3", "train.py"])
            try await h.browser { b in
                _ = try await b.signIn(try #require(h.adminKey))
                _ = try await b.get("/entities/\(team.id)/launch-sweep")
                let config = "name: from-the-web\nmethod: random\nmetric:\n  name: loss\n  goal: minimize\nparameters:\n  lr:\n    min: 0.1\n    max: 0.2\nrun_cap: 3\n"
                let made = try await b.post("/entities/\(team.id)/launch-sweep", [
                    "config": config, "job": "p/train", "version": "v0", "queue": "q", "priority": "high", "num_workers": "2", "project": "p",
                ])
                #expect(made.status == 303, "\(made.body)")
                let location = try #require(made.location)
                #expect(location.hasPrefix("/sweeps/"))
                let sweep = try await h.admin.sweep(id: SweepID(String(location.dropFirst("/sweeps/".count))))
                #expect(sweep.name == "from-the-web")
                #expect(sweep.state == .pending)
                #expect(sweep.priority == .medium)
                #expect(sweep.config["job"] == .string("train:v0"))
                #expect(sweep.config["scheduler"]?["num_workers"] == .int(2))
                let items = try await h.admin.listQueueItems(queue: queue.id).items
                #expect(items.count == 1)
                #expect(items.first?.isScheduler == true && items.first?.sweepID == sweep.id && items.first?.priority == .medium)
                let page = try await b.get(location)
                #expect(page.status == 200)
                #expect(page.body.contains("from-the-web") && page.body.contains("data-events=\"/sweeps/\(sweep.id)/events\""))
                #expect(page.body.contains("swoop-sweep"))
            }
        }
    }

    @Test("with authentication off the web app is open, as the API is, and POSTs still need the CSRF token")
    func authOff() async throws {
        try await WebHarness.with(auth: false) { h in
            let team = try await h.admin.createEntity(name: "team")
            let project = try await h.admin.createProject(entity: team.id, name: "open-project")
            let sweep = try await h.admin.createSweep(project: project.id, config: Self.config)
            _ = try await h.admin.transitionSweep(id: sweep.id, to: .running)
            try await h.browser { b in
                let projects = try await b.get("/projects")
                #expect(projects.status == 200)
                #expect(projects.body.contains("open-project") && !projects.body.contains("Sign out"))
                #expect(try await b.post("/sweeps/\(sweep.id)/state", ["state": "paused"], csrf: false).status == 403)
                #expect(try await b.post("/sweeps/\(sweep.id)/state", ["state": "paused"]).status == 303)
                #expect(try await h.admin.sweep(id: sweep.id).state == .paused)
            }
        }
    }
}
