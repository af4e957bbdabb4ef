import Foundation
import SwoopClient
import SwoopModel
import SwoopServer
import Testing

/// What the sweep scheduler needs from the sweep routes beyond the basic scheduler API.
// The limit leaves room for PostgreSQL set-up, where parallel tests queue on the migration lock; the
// long-poll below waits far longer than it, so a missing wake-up still fails the suite.
@Suite("Scheduler routes", .timeLimit(.minutes(4)))
struct SchedulerRouteTests {
    /// A fresh server, its usual world, and a running random sweep on the world's queue.
    static func withSweep(
        _ backend: TestBackend, _ body: (ServerHarness, ServerHarness.World, Sweep) async throws -> Void
    ) async throws {
        try await ServerHarness.with(backend, configure: { $0.maxWaitSeconds = 900 }) { h in
            let w = try await h.world()
            let sweep = try await h.client.createSweep(project: w.project.id, config: ["method": "random"], queue: w.queue.id)
            try await body(h, w, try await h.client.transitionSweep(id: sweep.id, to: .running))
        }
    }

    @Test(arguments: TestBackend.all)
    func chosenRunIDsMakeARepeatedLaunchAConflict(_ backend: TestBackend) async throws {
        try await Self.withSweep(backend) { h, _, sweep in
            let c = h.client
            let spec = try LaunchSpec(kind: .run, imageURI: "img", entity: "team", project: "proj").json
            let launched = try await c.launchSweepRun(sweep: sweep.id, config: ["a": 1], name: "s-0", spec: spec, id: "s-0")
            #expect(launched.run.id == "s-0")
            // A LaunchSpec gets the ids under its own keys, so agents decode them.
            let decoded = try LaunchSpec(json: launched.item.spec)
            #expect(decoded.runID == "s-0" && decoded.sweepID == sweep.id && decoded.imageURI == "img")
            await expectServerError(status: 409, code: "conflict") {
                _ = try await c.launchSweepRun(sweep: sweep.id, config: ["a": 1], name: "s-0", spec: spec, id: "s-0")
            }
            #expect(try await c.sweepRuns(sweep: sweep.id).runs.count == 1)
        }
    }

    @Test(arguments: TestBackend.all)
    func runLongPollAnswersWhenTheSweepChangesState(_ backend: TestBackend) async throws {
        try await Self.withSweep(backend) { h, _, sweep in
            let c = h.client
            let poll = Task { try await c.sweepRuns(sweep: sweep.id, since: 0, waitSeconds: 600) }
            while await h.env.notifier.waiterCount == 0 { try await Task.sleep(for: .milliseconds(10)) }
            _ = try await c.transitionSweep(id: sweep.id, to: .paused)
            // Without the wake-up this would wait its full 600 s and break the suite's time limit.
            let answer = try await poll.value
            #expect(answer.runs.isEmpty && answer.nextCursor == 0)
        }
    }

    @Test(arguments: TestBackend.all)
    func stoppingASweepEndsTheRunsOfItsQueuedItems(_ backend: TestBackend) async throws {
        try await Self.withSweep(backend) { h, w, sweep in
            let c = h.client
            let held = try await c.launchSweepRun(sweep: sweep.id, config: ["a": 1])
            let waiting = try await c.launchSweepRun(sweep: sweep.id, config: ["a": 2])
            let item = try #require(try await c.lease(agent: w.agent.id))
            #expect(item.id == held.item.id)
            _ = try await c.transitionRun(id: held.run.id, to: .running)
            _ = try await c.transitionSweep(id: sweep.id, to: .stopped)
            #expect(try await c.run(id: waiting.run.id).state == .stopped)
            #expect(try await c.run(id: waiting.run.id).errorMessage == "the sweep was stopped before the run started")
            #expect(try await c.run(id: held.run.id).state == .running)
        }
    }

    /// Trial rows through the API: one trial at a time or with the state, all under the state's
    /// compare-and-set version, read back in pages; bad rows are refused by name.
    @Test(arguments: TestBackend.all)
    func trialRowsSaveUnderTheStateVersion(_ backend: TestBackend) async throws {
        try await Self.withSweep(backend) { h, _, sweep in
            let c = h.client
            var v = try await c.saveSchedulerState(sweep: sweep.id, state: ["format": 2], trials: [SweepTrial(number: 0, data: ["a": 1])], expectedVersion: 0)
            #expect(v == 1)
            v = try await c.saveSweepTrial(sweep: sweep.id, number: 1, data: ["a": 2], expectedVersion: v)
            v = try await c.saveSweepTrial(sweep: sweep.id, number: 0, data: ["a": 3], state: ["format": 2, "n": 2], expectedVersion: v)
            #expect(v == 3)
            #expect(try await c.sweep(id: sweep.id).schedulerState == ["format": 2, "n": 2])
            await expectServerError(status: 409, code: "conflict") {
                _ = try await c.saveSweepTrial(sweep: sweep.id, number: 5, data: "late", expectedVersion: 1)
            }
            #expect(try await c.allSweepTrials(sweep: sweep.id) == [SweepTrial(number: 0, data: ["a": 3]), SweepTrial(number: 1, data: ["a": 2])])
            let page = try await c.sweepTrials(sweep: sweep.id, after: -1, limit: 1)
            #expect(page.trials.map(\.number) == [0] && page.nextAfter == 0)
            #expect(try await c.sweepTrials(sweep: sweep.id, after: 0, limit: 1).trials.map(\.number) == [1])

            let path = "/api/v1/sweeps/\(sweep.id)"
            let negative = try await h.raw(.PUT, path + "/trials/-1", body: #"{"data": 1, "expectedVersion": 3}"#)
            #expect(negative.status == 400 && negative.json?["error"]?["field"] == "number")
            let noData = try await h.raw(.PUT, path + "/trials/2", body: #"{"expectedVersion": 3}"#)
            #expect(noData.status == 400 && noData.json?["error"]?["field"] == "data")
            let badRow = try await h.raw(.PUT, path + "/scheduler-state", body: #"{"state": {}, "expectedVersion": 3, "trials": [{"number": 0, "data": 1}, {"number": "x", "data": 1}]}"#)
            #expect(badRow.status == 400 && badRow.json?["error"]?["field"] == "trials[1].number")
            let badAfter = try await h.raw(.GET, path + "/trials?after=x")
            #expect(badAfter.status == 400 && badAfter.json?["error"]?["field"] == "after")
            #expect(try await c.sweep(id: sweep.id).schedulerStateVersion == 3, "refused writes move nothing")
        }
    }
}
