import Foundation
import SwoopClient
import SwoopModel
import SwoopTestSupport
import Testing

/// Many agents, many hosts, server replicas (issue 8, item 4), for real: two `swoop server` processes on
/// one PostgreSQL schema, three `swoop launch-agent` processes each in a network namespace of its own
/// (when the test runs as root; on loopback otherwise), every agent given both replicas
/// (`--base-url a,b`). A batch of no-op runs must end with every item done and every run finished,
/// exactly once, while one agent and then one replica are killed with SIGKILL midway.
@Suite(.serialized) struct ReplicaTests {
    static let items = 240

    @Test(.enabled(if: TestEnvironment.postgresURL != nil || TestEnvironment.isCI, "needs PostgreSQL: set SWOOP_TEST_POSTGRES_URL"))
    func twoReplicasThreeAgentsEveryRunDoneOnceThroughKills() async throws {
        let db = try TestBackend.postgres.makeDatabase()
        let network = TestNetwork.isAvailable ? try TestNetwork(servers: 2, agents: 3) : nil
        if network == nil { print("ReplicaTests: not root or no iproute2: agents share the loopback instead of namespaces") }
        var replicas: [ServerProcess] = []
        var agents: [BackgroundProcess] = []
        do {
            try await exercise(db, network, &replicas, &agents)
        } catch {
            for a in agents { Issue.record("agent output:\n\(a.output.suffix(3000))") }
            cleanUp(replicas, agents, network)
            await TestBackend.postgres.dispose(db)
            throw error
        }
        cleanUp(replicas, agents, network)
        await TestBackend.postgres.dispose(db)
    }

    private func cleanUp(_ replicas: [ServerProcess], _ agents: [BackgroundProcess], _ network: TestNetwork?) {
        for a in agents where a.process.isRunning { a.kill9() }
        for r in replicas where r.process.isRunning { _ = r.terminate() }
        network?.remove()
    }

    private func exercise(
        _ db: ScratchDatabase, _ network: TestNetwork?, _ replicas: inout [ServerProcess], _ agents: inout [BackgroundProcess]
    ) async throws {
        let hosts = network?.serverAddresses ?? ["127.0.0.1", "127.0.0.1"]
        // One data folder for both: code artifacts are files, and every replica must see every one.
        let common = ["--db", db.url, "--data", db.dataDirectory.path, "--lease-check-seconds", "1", "--recheck-seconds", "1"]
        replicas.append(try await ServerProcess.start(common + ["--host", hosts[0]]))
        let adminKey = try #require(replicas[0].adminKey, "the first replica creates the admin and prints its key")
        replicas.append(try await ServerProcess.start(common + ["--host", hosts[1]]))
        let urls = replicas.map(\.baseURL)
        #expect(zip(urls, hosts).allSatisfy { $0.0.contains($0.1) }, "\(urls) listen on \(hosts)")
        let client = SwoopClient(baseURL: urls.joined(separator: ","), apiKey: adminKey, requestTimeout: 20)

        let entity = try await client.createEntity(name: "team")
        let project = try await client.createProject(entity: entity.id, name: "proj")
        let queue = try await client.createQueue(
            entity: entity.id, name: "cpu", resource: "local-process", prioritized: false, expiredLeasePolicy: .requeue)
        // Each run appends "<run id> <its folder>" to the ledger; the folder names the agent that ran it.
        let ledger = db.dataDirectory.appendingPathComponent("ledger.txt").path
        let job = try await client.createJob(project: project.id, name: "noop")
        let version = try await client.addJobVersion(
            job: job.id, sourceKind: .code, entryPoint: ["/bin/sh", "-c", "echo \"$SWOOP_RUN_ID $(pwd -P)\" >> \(ledger)"])
        let runs = try await withThrowingTaskGroup(of: RunID.self) { group in
            var made: [RunID] = []
            for i in 0..<Self.items {
                group.addTask {
                    // Half the set-up goes through each replica.
                    let c = SwoopClient(baseURL: urls[i % 2], apiKey: adminKey, requestTimeout: 20)
                    let run = try await c.createRun(project: project.id, config: ["i": .int(i)])
                    let spec = LaunchSpec(
                        jobID: version.jobID, jobVersion: version.version, entity: entity.name, project: project.name, runID: run.id,
                        overrides: LaunchOverrides(args: [], runConfig: ["i": .int(i)]))
                    _ = try await c.enqueue(queue: queue.id, spec: try spec.json, priority: .medium, run: run.id)
                    return run.id
                }
                if i >= 8, let run = try await group.next() { made.append(run) }
            }
            return try await group.reduce(into: made) { $0.append($1) }
        }
        #expect(runs.count == Self.items)

        let swoop = ServerProcess.swoopPath
        for i in 0..<3 {
            // Each agent prefers another replica first, so both serve leases until one dies.
            let list = (i % 2 == 0 ? urls : urls.reversed()).joined(separator: ",")
            // Leases long enough that a loaded machine (a parallel test run, builds) never lets a live
            // agent's lease lapse (a lapsed lease is re-run by design, which the ledger check would see):
            // renewals come every 10 s; the killed agent's items return after 30 s.
            let args = [swoop, "launch-agent", "--base-url", list, "--api-key", adminKey, "--entity", "team", "--queue", "cpu",
                        "--name", "agent\(i)", "--work-dir", db.dataDirectory.appendingPathComponent("work-agent\(i)").path,
                        "--max-jobs", "4", "--lease-seconds", "30", "--poll-seconds", "2", "--log-level", "warning"]
            agents.append(try await BackgroundProcess(network?.exec(in: i, args) ?? args, readyMarker: "swoop launch-agent: agent"))
        }

        func doneCount() async throws -> Int {
            try await allItems(client, queue.id).filter { $0.state == .done }.count
        }
        func waitFor(_ what: String, seconds: Double, _ condition: () async throws -> Bool) async throws {
            let deadline = Date().addingTimeInterval(seconds)
            while try await !condition() {
                guard Date() < deadline else { throw TestNetwork.Failure(description: "timed out waiting for \(what)") }
                try await Task.sleep(for: .milliseconds(200))
            }
        }
        try await waitFor("a quarter of the runs", seconds: 180) { try await doneCount() >= Self.items / 4 }
        agents[0].kill9()
        try await waitFor("half of the runs", seconds: 180) { try await doneCount() >= Self.items / 2 }
        replicas[0].kill9()
        try await waitFor("every run", seconds: 240) { try await doneCount() == Self.items }

        // The store, read through the surviving replica.
        let items = try await allItems(client, queue.id)
        #expect(items.count == Self.items)
        #expect(items.allSatisfy { $0.state == .done }, "\(Dictionary(grouping: items, by: \.state).mapValues(\.count))")
        #expect(Set(items.compactMap(\.runID)) == Set(runs))
        var finished: [Run] = []
        var page = PageRequest(limit: 1000)
        repeat {
            let p = try await client.listRuns(project: project.id, page: page)
            finished += p.items
            page.cursor = p.nextCursor
        } while page.cursor != nil
        #expect(finished.count == Self.items)
        #expect(finished.allSatisfy { $0.state == .finished }, "\(Dictionary(grouping: finished, by: \.state).mapValues(\.count))")

        // Exactly once: every run ran; the surviving agents never ran one twice, nor one the other ran;
        // a run ran twice only if the killed agent had it when it died (its lease expired and it was requeued).
        let lines = try String(contentsOfFile: ledger, encoding: .utf8).split(separator: "\n")
        var ranBy: [String: [Int]] = [:]
        for line in lines {
            let parts = line.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, let agent = (0..<3).first(where: { parts[1].contains("work-agent\($0)/") }) else {
                Issue.record("odd ledger line: \(line)")
                continue
            }
            ranBy[String(parts[0]), default: []].append(agent)
        }
        #expect(Set(ranBy.keys) == Set(runs.map(\.rawValue)), "every run ran")
        for (run, by) in ranBy where by.count > 1 {
            #expect(by.filter { $0 != 0 }.count == 1 && by.contains(0), "run \(run) ran on agents \(by)")
        }
        let twice = ranBy.values.filter { $0.count > 1 }.count
        #expect(twice <= 4, "only the killed agent's runs (max-jobs 4) ran again")
        let perAgent = (0..<3).map { a in ranBy.values.filter { $0.contains(a) }.count }
        let lapses = agents.map { $0.output.components(separatedBy: "lost the lease").count - 1 }
        print("ReplicaTests: \(Self.items) runs done; ran by agent: \(perAgent); ran twice: \(twice); leases lost by agent: \(lapses); "
            + "agents in namespaces: \(network != nil)")
        #expect(try await client.listAgents(entity: entity.id).items.count == 3)
    }

    private func allItems(_ client: SwoopClient, _ queue: QueueID) async throws -> [QueueItem] {
        var out: [QueueItem] = []
        var page = PageRequest(limit: 1000)
        repeat {
            let p = try await client.listQueueItems(queue: queue, page: page)
            out += p.items
            page.cursor = p.nextCursor
        } while page.cursor != nil
        return out
    }
}
