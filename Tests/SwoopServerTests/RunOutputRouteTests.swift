import Foundation
import SwoopClient
import SwoopModel
import SwoopServer
import Testing

/// An agent's batched output: each run's metrics and log applied on their own, one result per run.
@Suite struct RunOutputRouteTests {
    @Test(arguments: TestBackend.all)
    func eachRunsOutputIsAppliedOnItsOwn(_ backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let w = try await h.world()
            let a = try await h.agentClient(w.agent.id)
            let good = try await h.client.createRun(project: w.project.id)
            let moved = try await h.client.createRun(project: w.project.id)
            _ = try await h.client.appendLog(run: moved.id, offset: 0, text: "written by the run itself\n")
            let strangers = try await h.client.createEntity(name: "strangers")
            let foreign = try await h.client.createRun(project: try await h.client.createProject(entity: strangers.id, name: "p").id)
            let points = [MetricPoint(step: 0, values: ["loss": 0.5]), MetricPoint(step: 1, values: ["loss": 0.25])]
            let batches = [
                RunOutputBatch(run: good.id, logOffset: 0, log: "epoch 0\nepoch 1\n", points: points, idempotencyKey: "k-good"),
                RunOutputBatch(run: moved.id, logOffset: 0, log: "too late\n", points: [], idempotencyKey: nil),
                RunOutputBatch(run: foreign.id, logOffset: 0, log: "not mine\n", points: points, idempotencyKey: "k-foreign"),
                RunOutputBatch(run: "no-such-run", logOffset: 0, log: "x\n", points: [], idempotencyKey: nil),
            ]
            let results = try await a.appendRunOutput(agent: w.agent.id, batches: batches)
            #expect(results.map(\.run) == batches.map(\.run), "one result per run, in order")
            #expect(results[0] == RunOutputResult(run: good.id, metricsStored: true, logSize: 16))
            #expect(results[1].status == 409 && results[1].logSize == nil && !results[1].metricsStored)
            #expect(results[2].status == 403 && !results[2].metricsStored)
            #expect(results[3].status == 404 && results[3].error?.code == "not_found")
            #expect(try await h.client.metrics(run: good.id).points == points)
            #expect(try await h.client.run(id: good.id).logSize == 16)
            #expect(try await h.client.run(id: moved.id).logSize == 26, "the refused append changed nothing")
            #expect(try await h.client.metrics(run: foreign.id).points.isEmpty)

            // A resend (the answer was lost) stores nothing twice: the same key, the log chunk already at its offset.
            let again = try await a.appendRunOutput(agent: w.agent.id, batches: [batches[0]])
            #expect(again == [RunOutputResult(run: good.id, metricsStored: true, logSize: 16)])
            #expect(try await h.client.metrics(run: good.id).points.count == 2)
            #expect(try await h.client.run(id: good.id).logSize == 16)

            // Malformed elements are named.
            let path = "/api/v1/agents/\(w.agent.id)/output"
            let id = JSONValue.string(good.id.rawValue)
            for (runs, code, field) in [
                ([["run": id], ["run": "bad id!"]], "bad_id", "runs[1].run"),
                ([["run": id, "logOffset": -1]], "out_of_range", "runs[0].logOffset"),
                ([["run": id, "log": 3]], "wrong_type", "runs[0].log"),
                ([["run": id, "extra": 1]], "unknown_field", "runs[0].extra"),
                ([["run": id, "points": [["step": -1, "values": ["a": 1]]]]], "wrong_type", "runs[0].points[0].step"),
                (Array(repeating: ["run": id], count: RunOutputBatch.maxRuns + 1), "too_many", "runs"),
            ] as [([JSONValue], String, String)] {
                await expectServerError(status: 400, code: code, field: field) { _ = try await a.send(.POST, path, json: ["runs": .array(runs)]) }
            }
            let rival = try await h.client.registerAgent(entity: w.entity.id, name: "a2", queues: [w.queue.id])
            await expectServerError(status: 403) { _ = try await a.appendRunOutput(agent: rival.id, batches: [batches[0]]) }
        }
    }
}
