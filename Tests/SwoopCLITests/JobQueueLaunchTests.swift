import Foundation
import SwoopModel
import Testing

/// `swoop job`, `swoop queue` and `swoop launch` end to end: the real binary against a real server.
@Suite("job, queue and launch commands", .serialized)
struct JobQueueLaunchTests {
    static func codeFolder(_ files: [String: String]) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("swoop-code-\(UUID().uuidString)")
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return root
    }

    static func version(_ describe: JSONValue) -> Int? { describe["resolved"]?["version"]?.number.map { Int($0) } }

    @Test func codeJobVersionsFollowTheCodeWithAuthOn() throws {
        let server = try CLIServer(auth: true)
        let folder = try Self.codeFolder(["train.py": "print('v0')\n", "lib/util.py": "X = 1\n"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let create = ["job", "create", "--project", "vision", "--name", "train", "--code", folder.path, "--entry-point", "python train.py --epochs 3"]

        let first = try server.swoop(create)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.hasPrefix("created admin/vision/train:v0"))

        let again = try server.swoop(create)
        #expect(again.status == 0)
        #expect(again.stdout.hasPrefix("unchanged: admin/vision/train:v0"))

        // Tooling folders are not code: a new bytecode cache changes nothing.
        try Data("cache".utf8).write(to: folder.appendingPathComponent("lib/__pycache__/util.pyc", isDirectory: false).creatingParent())
        #expect(try server.swoop(create).stdout.hasPrefix("unchanged: admin/vision/train:v0"))

        try Data("print('v1')\n".utf8).write(to: folder.appendingPathComponent("train.py"))
        let changed = try server.swoop(create + ["--alias", "candidate"])
        #expect(changed.stdout.hasPrefix("created admin/vision/train:v1 (aliases: v1, candidate, latest)"), "\(changed.stdout)\(changed.stderr)")
        #expect(Self.version(try server.json(["job", "describe", "vision/train"])) == 1, "latest moved")
        #expect(Self.version(try server.json(["job", "describe", "admin/vision/train:candidate"])) == 1)
        #expect(Self.version(try server.json(["job", "describe", "train:v0", "--project", "vision"])) == 0)

        // A changed entry point alone is a new version too.
        let entry = try server.swoop(["job", "create", "--project", "vision", "--name", "train", "--code", folder.path, "--entry-point", "python train.py"])
        #expect(entry.stdout.hasPrefix("created admin/vision/train:v2"))

        // Back to the first code and entry point: that version again, and latest follows.
        try Data("print('v0')\n".utf8).write(to: folder.appendingPathComponent("train.py"))
        #expect(try server.swoop(create).stdout.hasPrefix("unchanged: admin/vision/train:v0"))
        let described = try server.json(["job", "describe", "vision/train"])
        #expect(Self.version(described) == 0)
        #expect(described["versions"]?.arrayValue?.count == 3)
        #expect(described["resolved"]?["entryPoint"] == ["python", "train.py", "--epochs", "3"])
        #expect(described["resolved"]?["sourceKind"] == "code")
        let aliases = described["aliases"]?.arrayValue?.compactMap { a in a["alias"]?.stringValue.map { "\($0)=\(a["version"]?.number ?? -1)" } }
        #expect(aliases == ["candidate=1.0", "latest=0.0"])

        let table = try server.swoop(["job", "describe", "vision/train"])
        #expect(table.status == 0)
        #expect(table.stdout.contains("entry point  python train.py --epochs 3"))
        #expect(table.stdout.contains("v1       v1, candidate"))
        let list = try server.swoop(["job", "list", "--project", "vision"])
        #expect(list.stdout.contains("NAME"))
        #expect(list.lines.contains { $0.hasPrefix("train ") && $0.contains(" v0 ") && $0.contains("code sha256:") })

        // Without the key the server refuses, and the message says what to do.
        let anonymous = try SwoopProcess.run(["job", "list", "--project", "vision", "--base-url", server.baseURL])
        #expect(anonymous.status == 1)
        #expect(anonymous.stderr.contains("refused the API key"))
    }

    @Test func racingCreatesOfTheSameCodeMakeOneVersion() throws {
        let server = try CLIServer(auth: false)
        let folder = try Self.codeFolder(["train.py": "print(1)\n"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let create = ["job", "create", "--project", "p", "--name", "race", "--code", folder.path, "--entry-point", "python train.py"]
        // Each process writes only its own slot of a fixed buffer.
        nonisolated(unsafe) let slots = UnsafeMutableBufferPointer<SwoopProcess.Output?>.allocate(capacity: 4)
        slots.initialize(repeating: nil)
        defer { slots.deallocate() }
        DispatchQueue.concurrentPerform(iterations: 4) { i in slots[i] = try? server.swoop(create) }
        let outputs = Array(slots)
        #expect(outputs.allSatisfy { $0?.status == 0 })
        #expect(outputs.count { $0?.stdout.hasPrefix("created local/p/race:v0") == true } == 1)
        #expect(outputs.count { $0?.stdout.hasPrefix("unchanged: local/p/race:v0") == true } == 3)
        #expect(try server.json(["job", "describe", "p/race"])["versions"]?.arrayValue?.count == 1)
    }

    @Test func gitJobVersionsFollowTheCommit() throws {
        let server = try CLIServer(auth: false)
        let create = ["job", "create", "--project", "p", "--name", "g", "--git", "https://example.com/acme/ml.git", "--entry-point", "python train.py"]
        #expect(try server.swoop(create + ["--commit", "3f2a9c1", "--path", "trainer"]).stdout.hasPrefix("created local/p/g:v0"))
        #expect(try server.swoop(create + ["--commit", "3f2a9c1", "--path", "trainer"]).stdout.hasPrefix("unchanged: local/p/g:v0"))
        #expect(try server.swoop(create + ["--commit", "3f2a9c1"]).stdout.hasPrefix("created local/p/g:v1"), "another folder")
        #expect(try server.swoop(create + ["--commit", "77aa001"]).stdout.hasPrefix("created local/p/g:v2"))
        let v0 = try server.json(["job", "describe", "p/g:v0"])["resolved"]
        #expect(v0?["sourceKind"] == "git")
        #expect(v0?["metadata"] == ["git": ["remote": "https://example.com/acme/ml.git", "commit": "3f2a9c1", "path": "trainer"]])
        #expect(try server.swoop(["job", "describe", "p/g"]).stdout.contains("source       git https://example.com/acme/ml.git@77aa001"))
        let escape = try server.swoop(create + ["--commit", "3f2a9c1", "--path", "../up"])
        #expect(escape.status == 2)
        #expect(escape.stderr.contains("--path '../up' must be a folder inside the repository"))
        #expect(try server.swoop(["job", "create", "--project", "p", "--name", "g", "--git", "https://x"]).stderr.contains("--git needs --commit"))
    }

    @Test func imageJobQueueAndLaunchWithAuthOff() throws {
        let server = try CLIServer(auth: false)
        let image = try server.swoop(["job", "create", "--project", "p", "--name", "img", "--image", "registry:5000/team/python:3.12-slim"])
        #expect(image.status == 0, "\(image.stderr)")
        #expect(image.stdout.hasPrefix("created local/p/img:v0 (aliases: v0, 3.12-slim, latest)"))
        let byTag = try server.json(["job", "describe", "p/img:3.12-slim"])
        #expect(byTag["resolved"]?["sourceKind"] == "image")
        #expect(byTag["resolved"]?["metadata"] == ["image": "registry:5000/team/python:3.12-slim"])
        #expect(byTag["resolved"]?["entryPoint"] == [])

        let queueConfig = try SwoopProcess.temporaryFile("queue.yaml", """
            # resource config template
            env:
              THREADS: "{{threads}}"
            cpus: "{{cpus}}"
            label: "run-{{cpus}}-cpus"
            """)
        let made = try server.swoop(["queue", "create", "gpu", "--resource", "local-process", "--config", queueConfig, "--prioritization"])
        #expect(made.status == 0, "\(made.stderr)")
        #expect(made.stdout.contains("created queue local/gpu (local-process, prioritized"))
        let queues = try server.json(["queue", "list"])
        #expect(queues.arrayValue?.first?["queue"]?["configTemplate"] == ["env": ["THREADS": "{{threads}}"], "cpus": "{{cpus}}", "label": "run-{{cpus}}-cpus"])
        #expect(queues.arrayValue?.first?["queue"]?["prioritized"] == true)
        #expect(try server.swoop(["queue", "list"]).lines.contains { $0.hasPrefix("gpu ") && $0.contains("local-process") && $0.contains("yes") })

        let fragment = try SwoopProcess.temporaryFile("launch.yaml", """
            name: from-file
            overrides:
              args: ["--epochs", 5]
              run_config: {lr: 0.01, layers: 3}
              entry_point: python other.py
            resource_args:
              env: {EXTRA: "1"}
            """)
        let launched = try server.json([
            "launch", "--job", "p/img:3.12-slim", "--queue", "gpu", "--priority", "high", "--config", fragment,
            "--set-var", "cpus=4", "--name", "first",
        ])
        let item = try #require(launched["item"])
        let run = try #require(launched["run"])
        #expect(item["priority"] == "high")
        #expect(item["state"] == "pending")
        #expect(run["state"] == "queued")
        #expect(run["name"] == "first")
        #expect(run["config"] == ["lr": 0.01, "layers": 3])
        #expect(item["runID"] == run["id"])
        let spec = try LaunchSpec(json: try #require(item["spec"]))
        #expect(spec.kind == .run)
        #expect(spec.job == "local/p/img:v0")
        #expect(spec.jobID == JobID(try #require(byTag["job"]?["id"]?.stringValue)))
        #expect(spec.jobVersion == 0)
        #expect(spec.runID?.rawValue == run["id"]?.stringValue)
        #expect(spec.entity == "local" && spec.project == "p" && spec.name == "first")
        #expect(spec.overrides == LaunchOverrides(args: ["--epochs", "5"], runConfig: ["lr": 0.01, "layers": 3], entryPoint: ["python", "other.py"]))
        #expect(spec.resourceArgs == ["env": ["EXTRA": "1"], "cpus": 4, "label": "run-4-cpus"])

        let low = try server.json(["launch", "--job", "img", "--project", "p", "--queue", "gpu", "--priority", "low"])
        #expect(low["item"]?["priority"] == "low")

        let described = try server.json(["queue", "describe", "gpu"])
        #expect(described["items"]?.arrayValue?.map { $0["priority"] } == ["high", "low"])
        #expect(described["agents"]?.arrayValue?.isEmpty == true)
        let human = try server.swoop(["queue", "describe", "gpu"])
        #expect(human.stdout.contains("prioritization  on"))
        #expect(human.lines.contains { $0.contains(" high ") && $0.contains(" pending ") && $0.contains("local/p/img:v0") })
        #expect(human.stdout.contains("no agents serve this queue"))

        // An agent (registered through the API, as `swoop launch-agent` does) leases the high item:
        // describe names the holder, its lease deadline and the agent's heartbeat.
        let queueID = try #require(described["queue"]?["id"]?.stringValue)
        let entityID = try #require(described["queue"]?["entityID"]?.stringValue)
        let agent = try Self.post(server, "/api/v1/entities/\(entityID)/agents", #"{"name": "box-1", "queues": ["\#(queueID)"]}"#)
        let agentID = try #require(agent["id"]?.stringValue)
        let leased = try Self.post(server, "/api/v1/agents/\(agentID)/lease", "{}")
        #expect(leased["item"]?["id"] == item["id"], "the high-priority item is served first")
        let held = try server.json(["queue", "describe", "gpu"])
        #expect(held["items"]?.arrayValue?.first?["leaseOwner"]?.stringValue == agentID)
        #expect(held["agents"]?.arrayValue?.map { $0["name"] } == ["box-1"])
        let heldText = try server.swoop(["queue", "describe", "gpu"]).lines
        let itemID = try #require(item["id"]?.stringValue)
        #expect(heldText.contains { $0.hasPrefix(itemID) && $0.contains(" leased ") && $0.contains(" box-1 ") && $0.contains("Z  1 ") })
        #expect(heldText.contains { $0.hasPrefix(agentID) && $0.contains(" box-1 ") && $0.contains(" polling ") && $0.hasSuffix(itemID) })

        // A FIFO queue treats everything as medium, and says so.
        #expect(try server.swoop(["queue", "create", "cpu", "--resource", "local-container"]).status == 0)
        let fifo = try server.swoop(["launch", "--job", "p/img", "--queue", "cpu", "--priority", "critical", "--json"])
        #expect(fifo.status == 0)
        #expect(fifo.stderr.contains("queue 'cpu' has no prioritization; the run is queued as medium"))
        #expect(try JSONText.parse(fifo.stdout)["item"]?["priority"] == "medium")
    }

    @Test func badInputGetsAClearErrorAndStatus() throws {
        let server = try CLIServer(auth: false)
        #expect(try server.swoop(["job", "create", "--project", "p", "--name", "img", "--image", "busybox"]).status == 0)
        #expect(try server.swoop(["queue", "create", "q", "--resource", "local-process", "--prioritization"]).status == 0)

        func expectFailure(_ args: [String], status: Int32, _ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
            let out = try server.swoop(args)
            #expect(out.status == status, "\(args): \(out.stderr)", sourceLocation: sourceLocation)
            #expect(out.stderr.contains(text), "\(args): \(out.stderr)", sourceLocation: sourceLocation)
        }
        let missing = "/nonexistent/code-\(UUID().uuidString)"
        try expectFailure(["job", "create", "--project", "p", "--name", "j", "--code", missing, "--entry-point", "python x.py"],
                          status: 2, "code folder \(missing) does not exist")
        try expectFailure(["job", "create", "--project", "p", "--name", "j", "--code", "/tmp"], status: 2, "without an entry point")
        try expectFailure(["job", "create", "--project", "p", "--name", "j"], status: 2, "give exactly one source")
        try expectFailure(["job", "create", "--project", "p", "--name", "j", "--image", "x", "--entry-point", "python 'x"],
                          status: 2, "no closing ' quotation mark")
        try expectFailure(["job", "describe", "p/nope"], status: 1, "job 'local/p/nope:latest' not found")
        try expectFailure(["job", "describe", "p/img:prod"], status: 1, "job 'local/p/img:prod' not found")
        try expectFailure(["job", "describe", "img"], status: 2, "names no project")

        try expectFailure(["launch", "--job", "p/nope", "--queue", "q"], status: 1, "job 'local/p/nope:latest' not found")
        try expectFailure(["launch", "--job", "p/img", "--queue", "nope"], status: 1, "queue 'nope' does not exist in entity 'local' (queues: q)")
        try expectFailure(["launch", "--job", "p/img", "--queue", "q", "--priority", "urgent"], status: 2,
                          "--priority 'urgent' is not one of critical, high, medium, low")
        try expectFailure(["launch", "--job", "p/img", "--priority", "high"], status: 2, "--priority flag requires --queue to be set")
        try expectFailure(["launch", "--job", "p/img", "--set-var", "a=1"], status: 2, "'--set-var' flag requires queue to be set")
        try expectFailure(["launch", "--job", "p/img", "--queue", "q", "--set-var", "cpus=2"], status: 2, "Queue q does not support overriding cpus.")

        let syntax = try SwoopProcess.temporaryFile("bad.yaml", "overrides:\n  args: [unclosed\n")
        try expectFailure(["launch", "--job", "p/img", "--queue", "q", "--config", syntax], status: 2, "\(syntax):")
        let wrongType = try SwoopProcess.temporaryFile("wrong.yaml", "name: ok\noverrides:\n  args: 5\n")
        try expectFailure(["launch", "--job", "p/img", "--queue", "q", "--config", wrongType], status: 2,
                          "\(wrongType):3:3: error: overrides.args: must be a list of strings, found")
        let unknownKey = try SwoopProcess.temporaryFile("unknown.json", #"{"overrides": {"argz": []}}"#)
        try expectFailure(["launch", "--job", "p/img", "--queue", "q", "--config", unknownKey], status: 2,
                          "overrides.argz: unknown key 'argz'")
        try expectFailure(["launch", "--job", "p/img", "--queue", "q", "--config", "/nonexistent.yaml"], status: 2,
                          "cannot read the launch config: no such file")
        let listConfig = try SwoopProcess.temporaryFile("list.yaml", "- a\n- b\n")
        try expectFailure(["queue", "create", "q2", "--resource", "local-process", "--config", listConfig], status: 2,
                          "the resource config must be a mapping")
        try expectFailure(["queue", "create", "q3", "--resource", "sagemaker"], status: 2, "local-process, local-container, slurm")
        try expectFailure(["queue", "create", "q", "--resource", "local-process"], status: 1, "queue")

        // Nothing was left behind by the refused launches.
        #expect(try server.json(["queue", "describe", "q"])["items"]?.arrayValue?.isEmpty == true)

        let unreachable = try SwoopProcess.run(["queue", "list", "--base-url", "http://127.0.0.1:9"])
        #expect(unreachable.status == 1)
        #expect(unreachable.stderr.contains("cannot reach the Swoop server at http://127.0.0.1:9"))
    }
}

extension JobQueueLaunchTests {
    /// A POST to the server's API with curl (the CLI tests link no HTTP client), answered as JSON.
    static func post(_ server: CLIServer, _ path: String, _ body: String) throws -> JSONValue {
        let out = try SwoopProcess.runCommand(
            "/usr/bin/curl", ["-sS", "--fail-with-body", "-X", "POST", "-H", "Content-Type: application/json", "-d", body, server.baseURL + path])
        #expect(out.status == 0, "\(path): \(out.stdout) \(out.stderr)")
        return try JSONText.parse(out.stdout)
    }
}

extension URL {
    /// The URL, after creating its parent folder.
    fileprivate func creatingParent() throws -> URL {
        try FileManager.default.createDirectory(at: deletingLastPathComponent(), withIntermediateDirectories: true)
        return self
    }
}
