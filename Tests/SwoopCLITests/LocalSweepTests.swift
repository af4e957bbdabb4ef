import Foundation
import SwoopTestSupport
import SwoopClient
import SwoopModel
import Testing

/// `swoop sweep CONFIG`, the one-command local sweep, with the real binary on real training processes.
@Suite("swoop sweep CONFIG", .serialized)
struct LocalSweepTests {
    static func tempDir() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("swoop-local-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// The README's first command, on examples/quickstart: finished, run_cap runs, the best printed,
    /// and a data folder `swoop server --data` serves.
    @Test func quickstartRunsToItsCap() async throws {
        let data = try Self.tempDir().appendingPathComponent("data")
        defer { try? FileManager.default.removeItem(at: data.deletingLastPathComponent()) }
        let config = SwoopProcess.projectRoot.appendingPathComponent("examples/quickstart/sweep.yaml").path
        let r = try SwoopProcess.run(["sweep", config, "--workers", "4", "--data", data.path], timeout: 300)
        #expect(r.status == 0, "\(r.stdout)\n\(r.stderr)")
        let id = try #require(r.lines.first { $0.hasPrefix("Created sweep with ID: ") }.map { String($0.dropFirst(23)) })
        #expect(r.stdout.contains("sweep \(id) finished: 12 runs ("), "\(r.stdout)")
        #expect(r.stdout.contains("[########################] 12/12"), "the last progress line shows the cap reached")
        let best = try #require(r.lines.first { $0.hasPrefix("best run ") }, "\(r.stdout)")
        #expect(best.contains(": val_loss = "))
        for key in ["activation", "batch_size", "epochs", "hidden", "learning_rate", "weight_decay"] {
            #expect(r.lines.contains { $0.hasPrefix("  \(key): ") }, "hyperparameter \(key) printed")
        }
        #expect(r.stdout.contains("swoop server --data \(data.path)"))
        #expect(r.stdout.contains("http://127.0.0.1:8080/sweeps/\(id)"), "the last lines say where the web app shows the sweep")

        // What it leaves: a database a server shows, the sweep finished with its runs ended.
        let (server, lines) = try await LiveProcess.start(
            ["server", "--port", "0", "--data", data.path, "--auth", "off", "--log-level", "warning"], readyMarker: "listening on ")
        defer { server.signal(SIGTERM) }
        let base = try #require(lines.last?.components(separatedBy: "listening on ").last)
        let client = SwoopClient(baseURL: base, apiKey: nil)
        let sweep = try await client.sweep(id: SweepID(id))
        #expect(sweep.state == .finished)
        let runs = try await client.sweepRuns(sweep: SweepID(id), limit: 1000).runs
        #expect(runs.count == 12 && runs.allSatisfy { $0.state == .finished || $0.state == .stopped }, "\(runs.map(\.state))")
    }

    static let slowScript = """
        import json, os, time
        cfg = json.loads(os.environ["SWOOP_CONFIG"])
        for step in range(200):
            print("@swoop " + json.dumps({"loss": cfg["x"] + 1.0 / (step + 1)}), flush=True)
            time.sleep(0.2)
        """

    /// Ctrl-C cancels the sweep, its running runs are stopped, and the command exits 130.
    @Test func ctrlCCancelsTheSweepAndStopsItsRuns() async throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data(Self.slowScript.utf8).write(to: dir.appendingPathComponent("slow.py"))
        let config = dir.appendingPathComponent("sweep.yaml")
        try Data("""
            program: slow.py
            command: [python3, "${program}"]
            method: random
            metric: {name: loss, goal: minimize}
            parameters:
              x: {min: 0.0, max: 1.0}
            """.utf8).write(to: config)
        let data = dir.appendingPathComponent("data")
        let (live, _) = try await LiveProcess.start(
            ["sweep", config.path, "--workers", "2", "--data", data.path], readyMarker: "running 2")
        live.signal(SIGINT)
        var rest: [String] = []
        for await line in live.lines { rest.append(line) }
        let status = await live.waitForExit(seconds: 60)
        #expect(status == 130, "\(rest)\n\(live.stderr)")
        #expect(rest.contains { $0.hasPrefix("interrupted: cancelling sweep") }, "\(rest)")
        let summary = try #require(rest.first { $0.hasPrefix("sweep ") && $0.contains(" cancelled: ") }, "\(rest)")
        #expect(summary.contains("stopped 2"), "both running runs were stopped: \(summary)")
    }

    /// A configuration the local mode cannot run is refused before anything starts: no data folder.
    @Test func configurationsItCannotRunAreRefusedFirst() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = dir.appendingPathComponent("data")
        func attempt(_ text: String) throws -> SwoopProcess.Output {
            let path = dir.appendingPathComponent("c-\(UUID().uuidString.prefix(6)).yaml")
            try Data(text.utf8).write(to: path)
            return try SwoopProcess.run(["sweep", path.path, "--data", data.path])
        }
        let noProgram = try attempt("method: random\nparameters: {x: {min: 0.0, max: 1.0}}\n")
        #expect(noProgram.status == 1 && noProgram.stderr.contains("program: missing"), "\(noProgram.stderr)")
        let missing = try attempt("program: nowhere.py\nmethod: random\nparameters: {x: {min: 0.0, max: 1.0}}\n")
        #expect(missing.status == 1 && missing.stderr.contains("program: 'nowhere.py' not found"), "\(missing.stderr)")
        let bad = try attempt("program: x.py\nmethod: grid\nparameters: {x: {min: 0.0, max: abc}}\n")
        #expect(bad.status == 1 && bad.stderr.contains("parameters.x"), "\(bad.stderr)")
        let job = try attempt("job: e/p/j:latest\nmethod: random\nparameters: {x: {min: 0.0, max: 1.0}}\n")
        #expect(job.status == 1 && job.stderr.contains("swoop launch-sweep"), "\(job.stderr)")
        #expect(!FileManager.default.fileExists(atPath: data.path))
        // The subcommands of `swoop sweep` still win over the default.
        let validate = try SwoopProcess.run(["sweep", "validate", SwoopProcess.projectRoot.appendingPathComponent("examples/quickstart/sweep.yaml").path])
        #expect(validate.status == 0, "\(validate.stderr)")
    }
}
