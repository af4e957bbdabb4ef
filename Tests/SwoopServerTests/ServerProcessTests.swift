import Foundation
import SwoopClient
import SwoopModel
import Testing

/// The real `swoop server` binary: crash durability, first start, graceful shutdown, option checks.
@Suite(.serialized) struct ServerProcessTests {
    /// Acknowledged writes, as the writers saw them.
    actor Ledger {
        var points: [RunID: Set<Int64>] = [:]
        var states: [RunID: RunState] = [:]
        var acks = 0
        func point(_ run: RunID, _ step: Int64) { points[run, default: []].insert(step); acks += 1 }
        func state(_ run: RunID, _ s: RunState) { states[run] = s; acks += 1 }
    }

    @Test(arguments: TestBackend.all)
    func acknowledgedWritesSurviveKillDashNine(_ backend: TestBackend) async throws {
        let db = try backend.makeDatabase()
        defer { Task { await backend.dispose(db) } }
        let dbArgs = ["--data", db.dataDirectory.path, "--db", db.url]
        let first = try await ServerProcess.start(dbArgs)
        let adminKey = try #require(first.adminKey, "first start prints the admin key")
        let admin = first.client(key: adminKey, attempts: 3)
        let entity = try await admin.createEntity(name: "crash")
        let project = try await admin.createProject(entity: entity.id, name: "p")
        var runs: [RunID] = []
        for i in 0..<4 { runs.append(try await admin.createRun(project: project.id, name: "r\(i)").id) }

        let ledger = Ledger()
        let runIDs = runs
        // One attempt per call: after the kill nothing may be retried into the next server.
        let writer = first.client(key: adminKey, attempts: 1)
        let load = Task {
            await withTaskGroup(of: Void.self) { group in
                for run in runIDs {
                    group.addTask {
                        do {
                            _ = try await writer.transitionRun(id: run, to: .running)
                            await ledger.state(run, .running)
                            for step in Int64(0)..<100_000 {
                                _ = try await writer.appendMetrics(run: run, points: [MetricPoint(step: step, values: ["loss": .double(1 / Double(step + 1))])])
                                await ledger.point(run, step)
                            }
                        } catch {
                            return
                        }
                    }
                }
            }
        }
        // Kill while the four writers are mid-stream.
        while await ledger.acks < 400 { try await Task.sleep(for: .milliseconds(20)) }
        first.kill9()
        await load.value

        let second = try await ServerProcess.start(dbArgs)
        #expect(second.adminKey == nil, "the admin key is printed on the first start only")
        let reader = second.client(key: adminKey, attempts: 3)
        let acknowledged = await ledger.points
        let states = await ledger.states
        #expect(acknowledged.values.map(\.count).reduce(0, +) >= 396)
        for run in runs {
            let stored = try await reader.run(id: run)
            if states[run] == .running { #expect(stored.state == .running) }
            var steps = Set<Int64>()
            var cursor: Int64 = 0
            while true {
                let page = try await reader.metrics(run: run, since: cursor, limit: 10_000)
                if page.points.isEmpty { break }
                steps.formUnion(page.points.map(\.step))
                cursor = page.nextCursor
            }
            let missing = acknowledged[run, default: []].subtracting(steps)
            #expect(missing.isEmpty, "run \(run) lost acknowledged steps \(missing.sorted().prefix(10))")
        }
        #expect(second.terminate() == 0, "SIGTERM shuts down gracefully")
    }

    /// SIGTERM answers a parked long-poll at once (empty) instead of holding shutdown for its whole wait.
    /// The call's own timeout (20 s) is far below the wait (60 s) and the re-read interval (1 h): only an
    /// early answer passes.
    @Test func gracefulShutdownEndsLongPolls() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("swoop-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let server = try await ServerProcess.start(["--data", dir.path, "--recheck-seconds", "3600"])
        #expect(server.adminKey != nil)
        let c = server.client(key: server.adminKey)
        let entity = try await c.createEntity(name: "e")
        let queue = try await c.createQueue(entity: entity.id, name: "q", resource: "local-process")
        let agent = try await c.registerAgent(entity: entity.id, name: "a", queues: [queue.id])
        async let parked = c.send(.POST, "/api/v1/agents/\(agent.id)/lease", query: [("wait", "60")], json: [:])
        while try await !c.metricsText().contains("swoop_long_polls_waiting 1") {
            try await Task.sleep(for: .milliseconds(50))
        }
        let terminated = Task.detached { server.terminate() }
        let answer = try await parked
        #expect(answer.status == 200)
        #expect(String(decoding: answer.body, as: UTF8.self).contains("\"item\":null") || !String(decoding: answer.body, as: UTF8.self).contains("\"item\""))
        #expect(await terminated.value == 0)
    }

    @Test func authOffIsRefusedOffLoopback() throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: ServerProcess.swoopPath)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("swoop-\(UUID().uuidString)")
        p.arguments = ["server", "--host", "0.0.0.0", "--port", "0", "--auth", "off", "--data", dir.path]
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 2)
        #expect(text.contains("--auth off is only allowed when listening on loopback"))
        #expect(!FileManager.default.fileExists(atPath: dir.path), "nothing was started or created")
    }

    @Test func authOffOnLoopbackServesWithoutKeysAndInitAdminMakesAKey() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("swoop-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let local = try await ServerProcess.start(["--auth", "off", "--data", dir.path])
        #expect(local.adminKey == nil)
        let c = local.client(key: nil)
        #expect(try await c.me().authenticationEnabled == false)
        _ = try await c.createEntity(name: "mine")
        #expect(local.terminate() == 0)

        let p = Process()
        p.executableURL = URL(fileURLWithPath: ServerProcess.swoopPath)
        p.arguments = ["server", "--init-admin", "--data", dir.path]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        let key = try #require(text.components(separatedBy: "(shown once): ").last?.trimmingCharacters(in: .whitespacesAndNewlines))
        let secured = try await ServerProcess.start(["--data", dir.path])
        #expect(try await secured.client(key: key).me().user?.role == .admin)
        await expectServerError(status: 401) { _ = try await secured.client(key: nil).listEntities() }
        #expect(secured.terminate() == 0)
    }
}
