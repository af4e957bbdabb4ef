import Foundation
import NIOCore
import NIOHTTP1
import SwoopClient
import SwoopModel
import SwoopServer
import Testing

/// The API end to end over HTTP, on each backend: what a CLI, an agent and a scheduler do.
@Suite struct ServerFlowTests {
    @Test(arguments: TestBackend.all)
    func entitiesProjectsJobsAndArtifacts(_ backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let c = h.client
            let entity = try await c.createEntity(name: "acme")
            let project = try await c.createProject(entity: entity.id, name: "vision")
            #expect(try await c.entity(named: "acme").id == entity.id)
            #expect(try await c.project(entity: "acme", named: "vision").id == project.id)

            let code = Data("print('hello')\n".utf8)
            let receipt = try await c.uploadBlob(code)
            #expect(receipt.digest == "sha256:" + SHA256.hex(code))
            #expect(try await c.downloadBlob(digest: receipt.digest) == code)

            let job = try await c.createJob(project: project.id, name: "train")
            let v0 = try await c.addJobVersion(job: job.id, sourceKind: .code, entryPoint: ["python", "train.py"], artifactDigest: receipt.digest)
            let v1 = try await c.addJobVersion(job: job.id, sourceKind: .image, entryPoint: ["run"], metadata: ["image": "x:1"])
            #expect(v0.version == 0 && v1.version == 1)
            #expect(try await c.resolveJob(reference: "acme/vision/train").version == 1)
            #expect(try await c.resolveJob(reference: "acme/vision/train:v0").version == 0)
            _ = try await c.setJobAlias(job: job.id, alias: "prod", version: 0)
            #expect(try await c.resolveJob(reference: "acme/vision/train:prod").artifactDigest == receipt.digest)
            #expect(try await c.resolveJobVersion(job: job.id, alias: "latest").version == 1)
            #expect(try await c.resolveJob(reference: "train:v0", entity: "acme", project: "vision").version == 0)
            await expectServerError(status: 404, code: "not_found") { _ = try await c.resolveJob(reference: "acme/vision/train:nope") }
            await expectServerError(status: 400, code: "unknown_artifact", field: "artifactDigest") {
                _ = try await c.addJobVersion(job: job.id, sourceKind: .code, entryPoint: ["x"], artifactDigest: "sha256:" + String(repeating: "0", count: 64))
            }
            await expectServerError(status: 409, code: "conflict") { _ = try await c.createProject(entity: entity.id, name: "vision") }
        }
    }

    @Test(arguments: TestBackend.all)
    func queueOrderAndItemLifecycle(_ backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let c = h.client
            let w = try await h.world()
            let low = try await c.enqueue(queue: w.queue.id, spec: ["n": 1], priority: .low)
            let m1 = try await c.enqueue(queue: w.queue.id, spec: ["n": 2])
            let m2 = try await c.enqueue(queue: w.queue.id, spec: ["n": 3])
            let crit = try await c.enqueue(queue: w.queue.id, spec: ["n": 4], priority: .critical)
            var order: [QueueItemID] = []
            while let item = try await c.lease(agent: w.agent.id, leaseSeconds: 30) { order.append(item.id) }
            #expect(order == [crit.id, m1.id, m2.id, low.id])

            let hb = try await c.heartbeat(item: crit.id, agent: w.agent.id, leaseSeconds: 120)
            #expect(hb.state == .leased)
            #expect(try await c.markRunning(item: crit.id, agent: w.agent.id).state == .running)
            #expect(try await c.complete(item: crit.id, agent: w.agent.id).state == .done)
            #expect(try await c.fail(item: m1.id, agent: w.agent.id, message: "boom").state == .failed)
            let back = try await c.requeue(item: m2.id, agent: w.agent.id)
            #expect(back.state == .pending)
            // A requeued item is first in line again.
            let again = try #require(try await c.lease(agent: w.agent.id))
            #expect(again.id == m2.id)
            await expectServerError(status: 409) { _ = try await c.complete(item: crit.id, agent: w.agent.id) }

            let other = try await c.registerAgent(entity: w.entity.id, name: "agent-2", queues: [w.queue.id])
            await expectServerError(status: 409) { _ = try await c.heartbeat(item: m2.id, agent: other.id) }
            // A run write made under a lease the caller does not hold is refused with its own code; the holder's passes.
            let fenced = try await c.createRun(project: w.project.id)
            do {
                _ = try await c.transitionRun(id: fenced.id, to: .starting, lease: LeaseHolder(item: m2.id, agent: other.id))
                Issue.record("a run write under another agent's lease was accepted")
            } catch let e as SwoopClientError {
                #expect(e.isLeaseLost, "\(e)")
                #expect(e.description.contains("lease lost: item '\(m2.id)' is leased to agent '\(w.agent.id)'"))
            }
            #expect(try await c.run(id: fenced.id).state == .queued)
            // The same agent's earlier lease of the item (requeued since) is fenced out by its attempt number.
            do {
                _ = try await c.transitionRun(
                    id: fenced.id, to: .starting, lease: LeaseHolder(item: m2.id, agent: w.agent.id, attempt: again.attempts - 1))
                Issue.record("a run write under the agent's own earlier lease was accepted")
            } catch let e as SwoopClientError {
                #expect(e.isLeaseLost, "\(e)")
                #expect(e.description.contains("was leased again (attempt \(again.attempts))"), "\(e)")
            }
            #expect(try await c.transitionRun(
                id: fenced.id, to: .starting, lease: LeaseHolder(item: m2.id, agent: w.agent.id, attempt: again.attempts)).state == .starting)
            // Item writes carry the attempt the same way: the earlier lease can neither renew nor close the item.
            let staleAttempt = again.attempts - 1
            for write in [
                { _ = try await c.heartbeat(item: m2.id, agent: w.agent.id, attempt: staleAttempt) },
                { _ = try await c.complete(item: m2.id, agent: w.agent.id, attempt: staleAttempt) },
                { _ = try await c.fail(item: m2.id, agent: w.agent.id, attempt: staleAttempt, message: "stale") },
                { _ = try await c.requeue(item: m2.id, agent: w.agent.id, attempt: staleAttempt) },
            ] as [@Sendable () async throws -> Void] {
                do {
                    try await write()
                    Issue.record("an item write under the agent's own earlier lease was accepted")
                } catch let e as SwoopClientError {
                    #expect(e.isLeaseLost && e.description.contains("this write belongs to attempt \(staleAttempt)"), "\(e)")
                }
            }
            await expectServerError(status: 400, field: "attempt") { _ = try await c.heartbeat(item: m2.id, agent: w.agent.id, attempt: 0) }
            #expect(try await c.queueItem(id: m2.id).state == .leased)
            #expect(try await c.heartbeat(item: m2.id, agent: w.agent.id, attempt: again.attempts).attempts == again.attempts)

            let page1 = try await c.listQueueItems(queue: w.queue.id, page: PageRequest(limit: 3))
            #expect(page1.items.count == 3)
            let page2 = try await c.listQueueItems(queue: w.queue.id, page: PageRequest(cursor: page1.nextCursor, limit: 3))
            #expect(page2.items.count == 1 && page2.nextCursor == nil)
            #expect(try await c.listQueueItems(queue: w.queue.id, states: [.done]).items.map(\.id) == [crit.id])
            let agents = try await c.listAgents(entity: w.entity.id)
            #expect(Set(agents.items.map(\.id)) == [w.agent.id, other.id])
            #expect(try await c.agentHeartbeat(id: w.agent.id, state: .running).state == .running)
        }
    }

    @Test(arguments: TestBackend.all)
    func runsMetricsLogsAndStops(_ backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let c = h.client
            let w = try await h.world()
            let run = try await c.createRun(project: w.project.id, name: "r", config: ["lr": 0.1, "layers": 3])
            #expect(run.state == .queued)
            #expect(try await c.transitionRun(id: run.id, to: .running).state == .running)
            let points = (0..<5).map { MetricPoint(step: Int64($0), values: ["loss": .double(1.0 / Double($0 + 1)), "nan": .double(.nan)]) }
            let r1 = try await c.appendMetrics(run: run.id, points: points, idempotencyKey: "batch-1")
            #expect(r1.inserted == 10 && !r1.replayed)
            let r2 = try await c.appendMetrics(run: run.id, points: points, idempotencyKey: "batch-1")
            #expect(r2.replayed)
            let history = try await c.metrics(run: run.id)
            #expect(history.points.map(\.step) == [0, 1, 2, 3, 4])
            #expect(history.points[1].values["loss"]?.number == 0.5)
            #expect(history.points[0].values["nan"]?.number?.isNaN == true)
            let rest = try await c.metrics(run: run.id, since: history.nextCursor)
            #expect(rest.points.isEmpty)

            var size = try await c.appendLog(run: run.id, offset: 0, text: "hello ")
            size = try await c.appendLog(run: run.id, offset: size, text: "wörld\n")
            #expect(size == Int64("hello wörld\n".utf8.count))
            await expectServerError(status: 400, code: "invalid") { _ = try await c.appendLog(run: run.id, offset: size + 5, text: "gap") }
            let logs = try await c.logs(run: run.id)
            #expect(logs.chunks.map(\.text).joined() == "hello wörld\n")

            #expect(try await c.setSummary(run: run.id, summary: ["best": 0.2]).summary == ["best": 0.2])
            #expect(try await c.requestStop(run: run.id).stopRequestedAt != nil)
            #expect(try await c.transitionRun(id: run.id, to: .stopped).state == .stopped)
            await expectServerError(status: 409, code: "illegal_transition", field: "state") {
                _ = try await c.transitionRun(id: run.id, to: .running)
            }
            let runs = try await c.listRuns(project: w.project.id)
            #expect(runs.items.map(\.id) == [run.id])
        }
    }

    @Test(arguments: TestBackend.all)
    func schedulerAPI(_ backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let c = h.client
            let w = try await h.world()
            let sweep = try await c.createSweep(
                project: w.project.id, name: "s", config: ["method": "random", "parameters": ["lr": ["min": 0.0, "max": 1.0]]],
                queue: w.queue.id, priority: .high, schedulerSpec: ["uri": "scheduler"])
            #expect(sweep.state == .pending)
            let schedulerItem = try #require(try await c.lease(agent: w.agent.id))
            #expect(schedulerItem.isScheduler && schedulerItem.sweepID == sweep.id)

            _ = try await c.transitionSweep(id: sweep.id, to: .running)
            let launched = try await c.launchSweepRun(sweep: sweep.id, config: ["lr": 0.5])
            #expect(launched.run.sweepID == sweep.id && launched.item.runID == launched.run.id)
            #expect(launched.item.priority == .high)
            #expect(launched.item.spec["run_id"] == .string(launched.run.id.rawValue))

            let first = try await c.sweepRuns(sweep: sweep.id)
            #expect(first.runs.map(\.id) == [launched.run.id])
            let none = try await c.sweepRuns(sweep: sweep.id, since: first.nextCursor)
            #expect(none.runs.isEmpty && none.nextCursor == first.nextCursor)
            _ = try await c.appendMetrics(run: launched.run.id, points: [MetricPoint(step: 0, values: ["loss": 0.3])])
            let changed = try await c.sweepRuns(sweep: sweep.id, since: first.nextCursor)
            #expect(changed.runs.map(\.id) == [launched.run.id])

            let second = try await c.launchSweepRun(sweep: sweep.id, config: ["lr": 0.7])
            _ = try await c.appendMetrics(run: second.run.id, points: [MetricPoint(step: 0, values: ["loss": 0.9]), MetricPoint(step: 1, values: ["loss": 0.8])])
            var cursors: [RunID: Int64] = [launched.run.id: 0, second.run.id: 0]
            let all = try await c.sweepRunMetrics(sweep: sweep.id, cursors: cursors)
            #expect(all[launched.run.id]?.points.map(\.step) == [0])
            #expect(all[second.run.id]?.points.map(\.step) == [0, 1])
            for (run, history) in all { cursors[run] = history.nextCursor }
            _ = try await c.appendMetrics(run: second.run.id, points: [MetricPoint(step: 2, values: ["loss": 0.7])])
            let since = try await c.sweepRunMetrics(sweep: sweep.id, cursors: cursors)
            #expect(since[launched.run.id]?.points.isEmpty == true)
            #expect(since[second.run.id]?.points.map(\.step) == [2])
            let stranger = try await c.createRun(project: w.project.id)
            await expectServerError(status: 400, code: "invalid", field: "cursors.\(stranger.id)") {
                _ = try await c.sweepRunMetrics(sweep: sweep.id, cursors: [stranger.id: 0])
            }

            let saved = try await c.saveSchedulerState(sweep: sweep.id, state: ["trials": 1], expectedVersion: sweep.schedulerStateVersion)
            #expect(saved.schedulerState == ["trials": 1])
            await expectServerError(status: 409, code: "conflict") {
                _ = try await c.saveSchedulerState(sweep: sweep.id, state: ["trials": 2], expectedVersion: sweep.schedulerStateVersion)
            }
            // The scheduler's lean calls: the save answers only the version, the look leaves the state out.
            let version = try await c.saveSchedulerStateVersion(sweep: sweep.id, state: ["trials": 3], expectedVersion: saved.schedulerStateVersion)
            #expect(version == saved.schedulerStateVersion + 1)
            let lean = try await c.sweepWithoutState(id: sweep.id)
            #expect(lean.schedulerState == nil && lean.schedulerStateVersion == version && lean.state == .running)
            #expect(try await c.sweep(id: sweep.id).schedulerState == ["trials": 3])
            await expectServerError(status: 409, code: "conflict") {
                _ = try await c.saveSchedulerStateVersion(sweep: sweep.id, state: ["trials": 4], expectedVersion: saved.schedulerStateVersion)
            }
            await expectServerError(status: 400, code: "invalid_query", field: "schedulerState") {
                _ = try await c.send(.GET, "/api/v1/sweeps/\(sweep.id)", query: [("schedulerState", "no")])
            }
            _ = try await c.requestStop(run: launched.run.id)
            #expect(try await c.transitionSweep(id: sweep.id, to: .finished).state == .finished)
            await expectServerError(status: 409, code: "illegal_transition") { _ = try await c.launchSweepRun(sweep: sweep.id, config: [:]) }
            await expectServerError(status: 409, code: "illegal_transition", field: "state") {
                _ = try await c.transitionSweep(id: sweep.id, to: .paused)
            }
            #expect(try await c.listSweeps(project: w.project.id).items.map(\.id) == [sweep.id])
        }
    }

    @Test(arguments: TestBackend.all)
    func cancellingASweepClearsItsQueueAndStopsItsRuns(_ backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let c = h.client
            let w = try await h.world()
            let sweep = try await c.createSweep(project: w.project.id, config: ["method": "grid"], queue: w.queue.id)
            _ = try await c.transitionSweep(id: sweep.id, to: .running)
            let started = try await c.launchSweepRun(sweep: sweep.id, config: ["x": 1])
            let waiting = try await c.launchSweepRun(sweep: sweep.id, config: ["x": 2])
            let unrelated = try await c.enqueue(queue: w.queue.id, spec: ["other": true])
            #expect(try await c.lease(agent: w.agent.id)?.id == started.item.id)
            _ = try await c.transitionRun(id: started.run.id, to: .running)
            _ = try await c.transitionSweep(id: sweep.id, to: .cancelled)
            #expect(try await c.queueItem(id: waiting.item.id).state == .failed)
            #expect(try await c.queueItem(id: unrelated.id).state == .pending)
            #expect(try await c.queueItem(id: started.item.id).state == .leased, "held items are left to their agent")
            #expect(try await c.run(id: started.run.id).stopRequestedAt != nil)
        }
    }

    /// With auth on the stored answer is read with the caller's key; with auth off, on its own.
    @Test(arguments: TestBackend.all, [true, false])
    func idempotentWritesReplayTheFirstAnswer(_ backend: TestBackend, auth: Bool) async throws {
        try await ServerHarness.with(backend, auth: auth) { h in
            let w = try await h.world()
            let body = #"{"name": "once", "config": {"a": 1}}"#
            let headers = [("Idempotency-Key", "k-1"), ("Content-Type", "application/json")]
            let first = try await h.raw(.POST, "/api/v1/projects/\(w.project.id)/runs", body: body, headers: headers)
            let second = try await h.raw(.POST, "/api/v1/projects/\(w.project.id)/runs", body: body, headers: headers)
            #expect(first.status == 201 && second.status == 201)
            #expect(first.json?["id"] == second.json?["id"])
            #expect(second.headers.contains { $0.0.lowercased() == "idempotent-replayed" })
            #expect(try await h.client.listRuns(project: w.project.id).items.count == 1)

            // Retries racing the first attempt: one write, one answer for all.
            let path = "/api/v1/projects/\(w.project.id)/runs"
            let racing = [("Idempotency-Key", "k-2"), ("Content-Type", "application/json")]
            let answers = try await withThrowingTaskGroup(of: JSONValue?.self) { group in
                for _ in 0..<8 { group.addTask { try await h.raw(.POST, path, body: #"{"name": "race"}"#, headers: racing).json?["id"] } }
                var ids: [JSONValue?] = []
                for try await id in group { ids.append(id) }
                return ids
            }
            #expect(Set(answers.compactMap { $0 }).count == 1 && answers.count == 8)
            #expect(try await h.client.listRuns(project: w.project.id).items.count == 2)
        }
    }
}
