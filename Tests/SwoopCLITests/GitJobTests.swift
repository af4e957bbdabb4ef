import Foundation
import SwoopClient
import SwoopModel
import SwoopTestSupport
import Testing

/// Git jobs end to end: `swoop job create --git`, a real `swoop launch-agent` that fetches the commit
/// with the real `git` from a repository on this machine, and `swoop launch --local --git-version`.
@Suite("git jobs", .serialized)
struct GitJobTests {
    static let train = """
        import json, os, sys
        config = json.loads(os.environ["SWOOP_CONFIG"])
        from helper import VERSION
        print("version", VERSION, "cwd", os.path.basename(os.getcwd()) == os.environ["SWOOP_RUN_ID"])
        print("@swoop " + json.dumps({"loss": config["lr"] * VERSION, "_step": 0}))
        """

    @Test func anAgentRunsTheCommitOfTheVersionAndABranchAsItIsNow() async throws {
        let repo = try ScratchGitRepository()
        defer { repo.remove() }
        let first = try repo.commit(["trainer/train.py": Self.train, "trainer/helper.py": "VERSION = 1\n", "README.md": "top\n"])
        let w = try await LaunchWorld.start()
        defer { w.stop() }
        let queue = try await w.queue("git")
        let cli = ["--base-url", w.baseURL, "--api-key", w.adminKey, "--entity", w.entity.name]
        func swoop(_ args: [String]) throws -> SwoopProcess.Output { try SwoopProcess.run(args + cli) }

        let create = ["job", "create", "--project", w.project.name, "--git", repo.folder.path, "--path", "trainer",
                      "--entry-point", "python3 train.py"]
        let pinned = try swoop(create + ["--name", "pinned", "--commit", first])
        #expect(pinned.stdout.hasPrefix("created team/proj/pinned:v0"), "\(pinned.stderr)")
        #expect(try swoop(create + ["--name", "tip", "--commit", "main"]).status == 0)
        let second = try repo.commit(["trainer/helper.py": "VERSION = 2\n"])

        let agent = try await w.agent(["git"])
        defer { agent.signal(SIGTERM) }
        func launch(_ job: String, _ extra: [String] = []) async throws -> (run: Run, log: String) {
            let out = try swoop(["launch", "--job", "proj/\(job)", "--queue", queue.name, "--json",
                                 "--config", try w.file("lr.yaml", "overrides: {runConfig: {lr: 0.5}}\n")] + extra)
            #expect(out.status == 0, "\(out.stderr)")
            let id = RunID(try #require(try JSONText.parse(out.stdout)["run"]?["id"]?.stringValue))
            let run = try await w.waitForRun(id)
            return (run, try await w.log(id))
        }

        // The version's commit, not the repository's newest: VERSION 1, in the `trainer` folder.
        let old = try await launch("pinned")
        #expect(old.run.state == .finished, "\(old.log)")
        #expect(old.log.contains("code: \(repo.folder.path) at commit \(first), folder trainer"), "\(old.log)")
        #expect(old.log.contains("version 1 cwd True"), "\(old.log)")
        #expect(try await w.client.metrics(run: old.run.id).points.first?.values["loss"] == .double(0.5))

        // A branch is fetched when the run starts: it runs the commit the branch names now.
        let tip = try await launch("tip")
        #expect(tip.run.state == .finished, "\(tip.log)")
        #expect(tip.log.contains("at commit \(second)"), "\(tip.log)")
        #expect(tip.log.contains("version 2"), "\(tip.log)")

        // --git-version runs another commit of the same version.
        let back = try await launch("tip", ["--git-version", String(first.prefix(10))])
        #expect(back.log.contains("at commit \(first)") && back.log.contains("version 1"), "\(back.log)")

        // A revision that does not exist fails the run (not the agent), and says which and where.
        let missing = try await launch("tip", ["--git-version", "no-such-branch"])
        #expect(missing.run.state == .failed)
        #expect(missing.log.contains("git could not fetch 'no-such-branch' from \(repo.folder.path)"), "\(missing.log)")
        #expect(try await launch("pinned").run.state == .finished, "the agent goes on after a failed fetch")
    }

    /// A stop asked for while the agent is still fetching the code takes effect then: no process is
    /// started, and the run ends `stopped`, though git would wait on this silent server for 10 minutes.
    @Test func aStopDuringTheFetchEndsTheRunWithoutItsProcess() async throws {
        let listener = try SilentListener()
        defer { listener.close() }
        let w = try await LaunchWorld.start()
        defer { w.stop() }
        let queue = try await w.queue("git")
        let job = try await w.client.createJob(project: w.project.id, name: "slow")
        let version = try await w.client.addJobVersion(
            job: job.id, sourceKind: .git, entryPoint: ["python3", "-c", "print('started')"],
            metadata: ["git": ["remote": .string("http://127.0.0.1:\(listener.port)/acme/ml.git"), "commit": "main"]])
        var environment = ProcessInfo.processInfo.environment
        environment["GIT_HTTP_LOW_SPEED_TIME"] = "600"
        let agent = try await w.agent(["git"], environment: environment)
        defer { agent.signal(SIGTERM) }
        let (item, runID) = try await w.enqueue(queue, version)
        try await w.waitForRun(runID) { $0.state == .starting }
        _ = try await w.client.requestStop(run: runID)
        let run = try await w.waitForRun(runID)
        #expect(run.state == .stopped, "\(run.state) \(run.errorMessage ?? "")")
        #expect(try await w.log(runID).contains("started") == false)
        #expect(try await w.waitForItem(item.id) { $0.state == .done || $0.state == .failed }.state == .done)
    }

    @Test func launchLocalRunsAGitJobAndRefusesBadGitInput() throws {
        let repo = try ScratchGitRepository()
        defer { repo.remove() }
        let first = try repo.commit(["train.py": Self.train, "helper.py": "VERSION = 3\n"])
        let server = try CLIServer(auth: false)
        let work = server.dataDirectory.appendingPathComponent("local")
        #expect(try server.swoop(["job", "create", "--project", "p", "--name", "g", "--git", repo.folder.path, "--commit", first,
                                  "--entry-point", "python3 train.py"]).status == 0)
        let config = try SwoopProcess.temporaryFile("lr.yaml", "overrides: {runConfig: {lr: 2}}\n")
        let ran = try server.swoop(["launch", "--job", "p/g", "--local", "--config", config, "--work-dir", work.path])
        #expect(ran.status == 0, "\(ran.stderr)")
        #expect(ran.stdout.contains("version 3 cwd True"), "\(ran.stdout)")

        let option = try server.swoop(["job", "create", "--project", "p", "--name", "g", "--git=--upload-pack=touch /tmp/x",
                                       "--commit", "main", "--entry-point", "python3 train.py"])
        #expect(option.status == 2)
        #expect(option.stderr.contains("remote '--upload-pack=touch /tmp/x' is not valid"), "\(option.stderr)")
        let range = try server.swoop(["launch", "--job", "p/g", "--local", "--git-version", "main..dev"])
        #expect(range.status == 2)
        #expect(range.stderr.contains("--git-version: git source: commit 'main..dev' is not valid"), "\(range.stderr)")

        let folder = try JobQueueLaunchTests.codeFolder(["train.py": "print(1)\n"])
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try server.swoop(["job", "create", "--project", "p", "--name", "c", "--code", folder.path,
                                  "--entry-point", "python3 train.py"]).status == 0)
        let notGit = try server.swoop(["launch", "--job", "p/c", "--local", "--git-version", "main"])
        #expect(notGit.status == 2)
        #expect(notGit.stderr.contains("--git-version goes with git jobs; c:v0 is a code job"), "\(notGit.stderr)")
    }

    /// `swoop launch --uri` (W&B's `launch -u`): the job is made from the repository or folder first.
    @Test func launchURIMakesTheJobThenRunsIt() throws {
        let repo = try ScratchGitRepository()
        defer { repo.remove() }
        let first = try repo.commit(["train.py": Self.train, "helper.py": "VERSION = 4\n"])
        _ = try repo.commit(["helper.py": "VERSION = 5\n"])
        let server = try CLIServer(auth: false)
        let work = server.dataDirectory.appendingPathComponent("local")
        let config = try SwoopProcess.temporaryFile("lr.yaml", "overrides: {runConfig: {lr: 1}}\n")
        let launch = ["launch", "--local", "--work-dir", work.path, "--config", config, "--project", "p"]
        // A folder path is a code job (below): a repository on this machine is given as a file:// URL.
        let url = "file://" + repo.folder.path
        let name = "job-" + repo.folder.path.map { $0.isLetter || $0.isNumber || "-_.".contains($0) ? $0 : "_" } + "-train.py"

        // HEAD of the repository, fetched when the run starts; the same source again reuses the version.
        let head = try server.swoop(launch + ["--uri", url, "-E", "python3 -u train.py"])
        #expect(head.status == 0, "\(head.stderr)")
        #expect(head.stderr.contains("created job local/p/\(name):v0 from git repository \(url)"), "\(head.stderr)")
        #expect(head.stdout.contains("version 5"), "\(head.stdout)")
        let again = try server.swoop(launch + ["--uri", url, "-E", "python3 -u train.py"])
        #expect(again.stderr.contains("reusing job local/p/\(name):v0"), "\(again.stderr)")

        // --git-version is the new version's commit; --job-name names the job.
        let pinned = try server.swoop(launch + ["-u", url, "-E", "python3 train.py", "-J", "mnist", "--git-version", first])
        #expect(pinned.stderr.contains("created job local/p/mnist:v0"), "\(pinned.stderr)")
        #expect(pinned.stdout.contains("version 4"), "\(pinned.stdout)")
        let described = try server.json(["job", "describe", "p/mnist"])["resolved"]?["metadata"]
        #expect(described == ["git": ["remote": .string(url), "commit": .string(first)]])

        // A local folder makes a code job of its files.
        let folder = try JobQueueLaunchTests.codeFolder(["train.py": Self.train, "helper.py": "VERSION = 6\n"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let code = try server.swoop(launch + ["--uri", folder.path, "--entry-point", "python3 train.py"])
        #expect(code.stdout.contains("version 6"), "\(code.stderr)")
        #expect(code.stderr.contains("from folder \(folder.path)"), "\(code.stderr)")
        #expect(try server.json(["job", "describe", "p/job-\(folder.lastPathComponent)-train.py"])["resolved"]?["sourceKind"] == "code")

        // Queued, nothing is fetched: the name drops the scheme and user (no traffic leaves this machine).
        #expect(try server.swoop(["queue", "create", "q", "--resource", "local-process"]).status == 0)
        let queued = try server.swoop(["launch", "--queue", "q", "--project", "p", "-u", "ssh://git@example.com/acme/ml.git",
                                       "-E", "python3 -u src/train.py --lr 1"])
        #expect(queued.stderr.contains("created job local/p/job-example.com_acme_ml.git-src_train.py:v0"), "\(queued.stderr)")

        // Bad combinations get W&B's messages (exit status 2), and nothing is made.
        func refused(_ args: [String], _ message: String) throws {
            let out = try server.swoop(["launch", "--local"] + args)
            #expect(out.status == 2, "\(args): \(out.stderr)")
            #expect(out.stderr.contains(message), "\(args): \(out.stderr)")
        }
        try refused(["--uri", url, "--job", "p/mnist", "-E", "python3 train.py"], "Cannot provide both a uri and a job name.")
        try refused(["--uri", url, "--project", "p"], "Cannot provide a uri without an entry point")
        try refused(["--uri", url, "-E", "python3 train.py"], "--uri needs --project P")
        try refused(["--uri", url, "-E", "", "--project", "p"], "--entry-point is empty")
        try refused(["--uri", url, "-E", "python3 'train.py", "--project", "p"], "--entry-point: ")
        try refused(["--job", "p/mnist", "-E", "python3 train.py"], "--entry-point goes with --uri")
        try refused(["--uri", folder.path, "-E", "python3 train.py", "--project", "p", "--git-version", "main"], "is a local folder")
        try refused(["--uri", "--upload-pack=x", "-E", "python3 train.py", "--project", "p"], "Missing value for '--uri")
        try refused(["--uri=-x", "-E", "python3 train.py", "--project", "p"], "--uri: git source: remote '-x' is not valid")
        #expect(try server.json(["job", "list", "--project", "p"]).arrayValue?.count == 4)
    }
}
