import Foundation
import SwoopClient
import SwoopModel
import Testing

/// `swoop launch --local`: a job version runs here and now through the agent's runner, with no queue.
@Suite("swoop launch --local", .serialized)
struct LaunchLocalTests {
    @Test func aCodeJobRunsHereAndReportsItsMetrics() async throws {
        let server = try CLIServer(auth: false)
        let folder = try JobQueueLaunchTests.codeFolder([
            "train.py": """
                import json, os, sys
                config = json.loads(os.environ["SWOOP_CONFIG"])
                print("@swoop " + json.dumps({"loss": config["lr"] * 2, "_step": 0}))
                print("args", sys.argv[1:])
                sys.exit(int(config.get("code", 0)))
                """,
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        let work = server.dataDirectory.appendingPathComponent("local")
        #expect(try server.swoop([
            "job", "create", "--project", "p", "--name", "t", "--code", folder.path, "--entry-point", "python3 train.py",
        ]).status == 0)

        let config = try SwoopProcess.temporaryFile("launch.yaml", "overrides:\n  runConfig: {lr: 0.25}\n  args: [--epochs, '2']\n")
        let ok = try server.swoop(["launch", "--job", "p/t", "--local", "--config", config, "--work-dir", work.path])
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stdout.contains("args ['--epochs', '2']"), "\(ok.stdout)")
        #expect(ok.stderr.contains("finished"), "\(ok.stderr)")

        let client = SwoopClient(baseURL: server.baseURL, apiKey: nil)
        let project = try await client.project(entity: "local", named: "p")
        let first = try #require(try await client.listRuns(project: project.id).items.first)
        #expect(first.state == .finished)
        #expect(first.exitCode == 0)
        let points = try await client.metrics(run: first.id).points
        #expect(points.map(\.step) == [0])
        #expect(points.first?.values["loss"] == .double(0.5))

        // Anything but a clean finish fails the command, and says how the run ended.
        let failing = try SwoopProcess.temporaryFile("fail.yaml", "overrides:\n  runConfig: {lr: 1, code: 3}\n")
        let bad = try server.swoop(["launch", "--job", "p/t", "--local", "--config", failing, "--work-dir", work.path])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("failed (exit code 3)"), "\(bad.stderr)")

        let both = try server.swoop(["launch", "--job", "p/t", "--local", "--queue", "q"])
        #expect(both.status == 2)
        #expect(both.stderr.contains("Cannot use both --local and --queue"))
    }
}
