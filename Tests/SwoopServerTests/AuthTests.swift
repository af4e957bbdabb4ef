import Foundation
import SwoopClient
import SwoopModel
import SwoopServer
import Testing

/// Keys, roles and scopes: every kind of caller reaches what it may and is refused the rest.
@Suite struct AuthTests {
    @Test(arguments: TestBackend.all)
    func missingWrongRevokedAndExpiredKeysAre401(_ backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            for key: String? in [nil, "swoop_" + String(repeating: "ab", count: 32), "not-a-key"] {
                await expectServerError(status: 401, code: "unauthorized", field: "Authorization") {
                    _ = try await h.client(key: key).listEntities()
                }
            }
            let me = try await h.client.me()
            let admin = try #require(me.user)
            #expect(admin.role == .admin)
            let made = try await h.client.createKey(user: admin.id, name: "temp")
            #expect(try await h.client(key: made.key).me().user?.id == admin.id)
            #expect(try await h.client.listKeys(user: admin.id).items.allSatisfy { $0.hash.isEmpty })
            _ = try await h.client.revokeKey(user: admin.id, key: made.record.id)
            await expectServerError(status: 401, code: "unauthorized") { _ = try await h.client(key: made.key).me() }
            // Open routes need no key.
            #expect(try await h.client(key: nil).health().status == "ok")
        }
    }

    @Test(arguments: TestBackend.all)
    func membersReachOnlyTheirEntitiesAndLimitedKeysLess(_ backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let w = try await h.world("team-a")
            let otherEntity = try await h.client.createEntity(name: "team-b")
            let otherProject = try await h.client.createProject(entity: otherEntity.id, name: "p")
            let alice = try await h.client.createUser(name: "alice")
            let aliceKey = try await h.client.createKey(user: alice.id, name: "k").key
            let a = h.client(key: aliceKey)
            await expectServerError(status: 403, code: "forbidden") { _ = try await a.createRun(project: w.project.id) }
            _ = try await h.client.setMember(entity: w.entity.id, user: alice.id, role: .member)
            let run = try await a.createRun(project: w.project.id)
            #expect(run.projectID == w.project.id)
            await expectServerError(status: 403) { _ = try await a.createRun(project: otherProject.id) }
            await expectServerError(status: 403) { _ = try await a.createQueue(entity: w.entity.id, name: "q2", resource: "x") }
            await expectServerError(status: 403) { _ = try await a.createUser(name: "mallory") }
            await expectServerError(status: 403) { _ = try await a.listUsers() }
            #expect(try await a.listEntities().items.map(\.name).sorted() == ["alice", "team-a"])
            // Entity admins manage their entity.
            _ = try await h.client.setMember(entity: w.entity.id, user: alice.id, role: .admin)
            _ = try await a.createQueue(entity: w.entity.id, name: "q2", resource: "x")

            // A key limited to another project of the entity cannot reach this one.
            let p2 = try await a.createProject(entity: w.entity.id, name: "p2")
            let limited = h.client(key: try await a.createKey(user: alice.id, name: "only p2", project: p2.id).key)
            _ = try await limited.createRun(project: p2.id)
            await expectServerError(status: 403) { _ = try await limited.createRun(project: w.project.id) }
            await expectServerError(status: 403) { _ = try await limited.createKey(user: alice.id, name: "wider") }
            await expectServerError(status: 403) { _ = try await a.createKey(user: h.client.me().user!.id, name: "steal") }
        }
    }

    @Test(arguments: TestBackend.all)
    func runTokensWriteOnlyTheirRun(_ backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let w = try await h.world()
            let mine = try await h.client.createRun(project: w.project.id)
            let theirs = try await h.client.createRun(project: w.project.id)
            let token = try await h.client.createRunToken(run: mine.id)
            #expect(token.record.scope == .run && token.record.runID == mine.id)
            let r = h.client(key: token.key)
            _ = try await r.transitionRun(id: mine.id, to: .running)
            _ = try await r.appendMetrics(run: mine.id, points: [MetricPoint(step: 1, values: ["x": 1])])
            _ = try await r.appendLog(run: mine.id, offset: 0, text: "ok\n")
            #expect(try await r.run(id: mine.id).state == .running)
            await expectServerError(status: 403) { _ = try await r.appendMetrics(run: theirs.id, points: [MetricPoint(step: 1, values: ["x": 1])]) }
            await expectServerError(status: 403) { _ = try await r.run(id: theirs.id) }
            await expectServerError(status: 403) { _ = try await r.createRun(project: w.project.id) }
            await expectServerError(status: 403) { _ = try await r.lease(agent: w.agent.id) }
            await expectServerError(status: 403) { _ = try await r.listQueues(entity: w.entity.id) }
            await expectServerError(status: 403) { _ = try await r.createRunToken(run: mine.id) }
            await expectServerError(status: 403) { _ = try await r.uploadBlob(Data("x".utf8)) }
        }
    }

    /// The scheduler's token is the run token of a run whose id is the sweep's (W&B's convention): it
    /// drives that sweep and its runs, and nothing else.
    @Test(arguments: TestBackend.all)
    func schedulerTokenDrivesOnlyItsSweep(_ backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let w = try await h.world()
            let sweep = try await h.client.createSweep(project: w.project.id, config: ["method": "random"], queue: w.queue.id)
            let other = try await h.client.createSweep(project: w.project.id, config: ["method": "grid"], queue: w.queue.id)
            let schedulerRun = try await h.client.createRun(project: w.project.id, id: RunID(sweep.id.rawValue), name: "scheduler")
            let s = h.client(key: try await h.client.createRunToken(run: schedulerRun.id).key)
            #expect(try await s.sweep(id: sweep.id).id == sweep.id)
            _ = try await s.transitionSweep(id: sweep.id, to: .running)
            let launched = try await s.launchSweepRun(sweep: sweep.id, config: ["x": 1])
            #expect(try await s.sweepRuns(sweep: sweep.id).runs.map(\.id) == [launched.run.id])
            _ = try await s.sweepRunMetrics(sweep: sweep.id, cursors: [launched.run.id: 0])
            _ = try await s.saveSchedulerState(sweep: sweep.id, state: ["n": 1], expectedVersion: 0)
            #expect(try await s.requestStop(run: launched.run.id).stopRequestedAt != nil)
            await expectServerError(status: 403) { _ = try await s.sweep(id: other.id) }
            let stranger = try await h.client.createRun(project: w.project.id)
            await expectServerError(status: 403) { _ = try await s.requestStop(run: stranger.id) }
            // ...but it may read runs of its sweep's project: a --prior-run warm-starts the method.
            #expect(try await s.run(id: stranger.id).id == stranger.id)
            _ = try await s.metrics(run: stranger.id)
            await expectServerError(status: 403) { _ = try await s.setSummary(run: stranger.id, summary: ["x": 1]) }
            await expectServerError(status: 403) { _ = try await s.lease(agent: w.agent.id) }
            // What the built-in scheduler reads when it starts: where its sweep lives, and no further.
            #expect(try await s.project(id: w.project.id).id == w.project.id)
            #expect(try await s.entity(id: w.entity.id).id == w.entity.id)
            let otherEntity = try await h.client.createEntity(name: "other-team")
            let otherProject = try await h.client.createProject(entity: otherEntity.id, name: "theirs")
            await expectServerError(status: 403) { _ = try await s.entity(id: otherEntity.id) }
            await expectServerError(status: 403) { _ = try await s.project(id: otherProject.id) }

            // A run that merely has the sweep's id in another project gets nothing.
            let elsewhere = try await h.client.createProject(entity: w.entity.id, name: "elsewhere")
            let sweep2 = try await h.client.createSweep(project: w.project.id, config: [:], queue: w.queue.id)
            let impostor = try await h.client.createRun(project: elsewhere.id, id: RunID(sweep2.id.rawValue))
            let i = h.client(key: try await h.client.createRunToken(run: impostor.id).key)
            await expectServerError(status: 403) { _ = try await i.sweep(id: sweep2.id) }
            await expectServerError(status: 403) { _ = try await i.project(id: w.project.id) }
            await expectServerError(status: 403) { _ = try await i.run(id: stranger.id) }
            let far = try await h.client.createRun(project: elsewhere.id)
            await expectServerError(status: 403) { _ = try await s.run(id: far.id) }
        }
    }

    @Test(arguments: TestBackend.all)
    func agentTokensLeaseOnlyFromTheirQueues(_ backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let w = try await h.world()
            let otherQueue = try await h.client.createQueue(entity: w.entity.id, name: "other", resource: "x")
            let otherAgent = try await h.client.registerAgent(entity: w.entity.id, name: "a2", queues: [otherQueue.id])
            let token = try await h.client.createAgentToken(agent: w.agent.id)
            let a = h.client(key: token.key)
            _ = try await h.client.enqueue(queue: w.queue.id, spec: ["x": 1])
            _ = try await h.client.enqueue(queue: otherQueue.id, spec: ["x": 2])
            await expectServerError(status: 403, field: "queues[0]") { _ = try await a.lease(agent: w.agent.id, queues: [otherQueue.id]) }
            await expectServerError(status: 403) { _ = try await a.lease(agent: otherAgent.id) }
            let item = try #require(try await a.lease(agent: w.agent.id))
            #expect(item.queueID == w.queue.id)
            _ = try await a.heartbeat(item: item.id)
            await expectServerError(status: 403, field: "agent") { _ = try await a.heartbeat(item: item.id, agent: otherAgent.id) }
            _ = try await a.agentHeartbeat(id: w.agent.id, state: .running)
            await expectServerError(status: 403) { _ = try await a.agentHeartbeat(id: otherAgent.id, state: .running) }
            // It reports on runs of its entity (state, logs), but cannot manage anything.
            let run = try await h.client.createRun(project: w.project.id)
            _ = try await a.transitionRun(id: run.id, to: .running)
            _ = try await a.createRunToken(run: run.id)
            await expectServerError(status: 403) { _ = try await a.createQueue(entity: w.entity.id, name: "q9", resource: "x") }
            await expectServerError(status: 403) { _ = try await a.createEntity(name: "evil") }
            await expectServerError(status: 403) { _ = try await a.createAgentToken(agent: w.agent.id) }
            // It puts a preempted run back on a queue it serves, and on no other.
            let again = try await a.enqueue(queue: w.queue.id, spec: ["resumeCount": 1], priority: .high, run: run.id)
            #expect(again.runID == run.id && again.priority == .high)
            await expectServerError(status: 403) { _ = try await a.enqueue(queue: otherQueue.id, spec: ["x": 3]) }
        }
    }

    @Test(arguments: TestBackend.all)
    func anAgentPollsTheStopRequestsOfAllItsRunsAtOnce(_ backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let w = try await h.world()
            let otherAgent = try await h.client.registerAgent(entity: w.entity.id, name: "a2", queues: [w.queue.id])
            let a = try await h.agentClient(w.agent.id)
            var runs: [RunID] = []
            for _ in 0..<(StopRequests.maxRuns + 5) { runs.append(try await h.client.createRun(project: w.project.id).id) }
            for i in [3, 150, 201] { _ = try await h.client.requestStop(run: runs[i]) }
            // Another entity's stopped run is never reported, even when asked about.
            let stranger = try await h.client.createEntity(name: "strangers")
            let theirs = try await h.client.createProject(entity: stranger.id, name: "p")
            let foreign = try await h.client.createRun(project: theirs.id)
            _ = try await h.client.requestStop(run: foreign.id)
            #expect(try await a.stopRequests(agent: w.agent.id, runs: []) == [])
            // The client splits the ids into requests of at most 200.
            #expect(try await a.stopRequests(agent: w.agent.id, runs: runs + [foreign.id]) == [runs[3], runs[150], runs[201]])
            #expect(try await h.client.stopRequests(agent: w.agent.id, runs: Array(runs.prefix(10))) == [runs[3]])
            await expectServerError(status: 403) { _ = try await a.stopRequests(agent: otherAgent.id, runs: runs) }
            // One request past the limit, or with an id that is not one, names the query parameter.
            let tooMany = runs.map(\.rawValue).joined(separator: ",")
            await expectServerError(status: 400, code: "invalid_query", field: "runs") {
                _ = try await a.send(.GET, "/api/v1/agents/\(w.agent.id)/stop-requests", query: [("runs", tooMany)])
            }
            await expectServerError(status: 400, code: "bad_id", field: "runs") {
                _ = try await a.send(.GET, "/api/v1/agents/\(w.agent.id)/stop-requests", query: [("runs", "\(runs[0]),,x")])
            }
        }
    }

    @Test(arguments: TestBackend.all)
    func anAgentRenewsAllItsLeasesAtOnce(_ backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let w = try await h.world()
            let rival = try await h.client.registerAgent(entity: w.entity.id, name: "a2", queues: [w.queue.id])
            let a = try await h.agentClient(w.agent.id)
            for i in 0..<3 { _ = try await h.client.enqueue(queue: w.queue.id, spec: ["x": .int(i)]) }
            let mine = try #require(try await a.lease(agent: w.agent.id, leaseSeconds: 5))
            let theirs = try #require(try await h.client.lease(agent: rival.id, leaseSeconds: 5))
            let second = try #require(try await a.lease(agent: w.agent.id, leaseSeconds: 5))
            let answer = try await a.renewLeases(agent: w.agent.id, leases: [
                LeaseHolder(item: mine.id, agent: w.agent.id, attempt: mine.attempts),
                LeaseHolder(item: theirs.id, agent: w.agent.id, attempt: 1),
                LeaseHolder(item: second.id, agent: w.agent.id, attempt: second.attempts + 1),
            ], leaseSeconds: 600)
            #expect(answer.renewed.map(\.id) == [mine.id])
            #expect(try #require(answer.renewed.first?.leaseDeadline) > Date().addingTimeInterval(500))
            #expect(Set(answer.lost.map(\.item)) == [theirs.id, second.id])
            #expect(!answer.lost.contains { $0.reason.contains(rival.id.rawValue) }, "another agent's item does not name its holder")
            await expectServerError(status: 403) {
                _ = try await a.renewLeases(agent: rival.id, leases: [LeaseHolder(item: theirs.id, agent: rival.id)])
            }
            // Each malformed element is named.
            let path = "/api/v1/agents/\(w.agent.id)/leases/renew"
            let id = JSONValue.string(mine.id.rawValue)
            for (leases, code, field) in [
                ([["item": id], ["item": "bad id!"]], "bad_id", "leases[1].item"),
                ([["item": id, "attempt": 0]], "out_of_range", "leases[0].attempt"),
                ([["item": id, "agent": "x"]], "unknown_field", "leases[0].agent"),
                ([JSONValue.string("x")], "wrong_type", "leases"),  // the body check: an array of objects
                (Array(repeating: ["item": id], count: LeaseRenewals.maxLeases + 1), "too_many", "leases"),
            ] as [([JSONValue], String, String)] {
                await expectServerError(status: 400, code: code, field: field) { _ = try await a.send(.POST, path, json: ["leases": .array(leases)]) }
            }
            await expectServerError(status: 400, field: "leases") { _ = try await a.send(.POST, path, json: [:]) }
            #expect(try await a.queueItem(id: mine.id).leaseDeadline == answer.renewed.first?.leaseDeadline)
        }
    }

    @Test func authOffIsLoopbackOnly() throws {
        #expect(throws: ServerConfiguration.ConfigurationError.self) {
            try ServerConfiguration(host: "0.0.0.0", authenticationEnabled: false).validate()
        }
        try ServerConfiguration(host: "127.0.0.1", authenticationEnabled: false).validate()
        try ServerConfiguration(host: "0.0.0.0", authenticationEnabled: true).validate()
    }

    @Test(arguments: TestBackend.all)
    func authOffActsAsLocalAdmin(_ backend: TestBackend) async throws {
        try await ServerHarness.with(backend, auth: false) { h in
            #expect(h.adminKey == nil)
            #expect(try await h.client.me().authenticationEnabled == false)
            let w = try await h.world()
            let run = try await h.client.createRun(project: w.project.id)
            let token = try await h.client.createRunToken(run: run.id)
            #expect(token.record.scope == .run)
        }
    }
}
