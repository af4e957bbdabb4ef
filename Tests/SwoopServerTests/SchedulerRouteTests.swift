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
}
