import Foundation
import SwoopClient
import SwoopModel
import SwoopServer
import Testing

/// Long-polls return because of the change they wait for. The re-check interval is set far beyond the
/// wait, so only the in-process wake-up can deliver the answer in time: a missed wake-up fails the test.
@Suite struct LongPollTests {
    /// Lets the parked request reach its wait (the notifier counts it), without guessing a duration.
    func untilParked(_ h: ServerHarness, _ n: Int = 1) async throws {
        while await h.env.notifier.waiterCount < n {
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    @Test(arguments: TestBackend.all)
    func leaseWaitReturnsTheItemEnqueuedWhileWaiting(_ backend: TestBackend) async throws {
        try await ServerHarness.with(backend, configure: { $0.recheckInterval = .seconds(3600) }) { h in
            let w = try await h.world()
            let client = h.client
            async let leased = client.lease(agent: w.agent.id, waitSeconds: 60)
            try await untilParked(h)
            let item = try await client.enqueue(queue: w.queue.id, spec: ["late": true])
            #expect(try await leased?.id == item.id)
        }
    }

    @Test(arguments: TestBackend.all)
    func sweepRunsWaitReturnsTheChange(_ backend: TestBackend) async throws {
        try await ServerHarness.with(backend, configure: { $0.recheckInterval = .seconds(3600) }) { h in
            let w = try await h.world()
            let client = h.client
            let sweep = try await client.createSweep(project: w.project.id, config: ["method": "random"], queue: w.queue.id)
            _ = try await client.transitionSweep(id: sweep.id, to: .running)
            let launched = try await client.launchSweepRun(sweep: sweep.id, config: ["x": 1])
            let cursor = try await client.sweepRuns(sweep: sweep.id).nextCursor
            async let changes = client.sweepRuns(sweep: sweep.id, since: cursor, waitSeconds: 60)
            try await untilParked(h)
            _ = try await client.transitionRun(id: launched.run.id, to: .running)
            let got = try await changes
            #expect(got.runs.map(\.id) == [launched.run.id])
            #expect(got.runs.first?.state == .running)
            #expect(got.nextCursor > cursor)
        }
    }

    /// An item enqueued through another replica wakes nobody here; the periodic re-read finds it. The
    /// wait is far longer than the re-check, so a missing re-check fails the test (nil after 60 s).
    @Test(arguments: TestBackend.all)
    func anotherReplicasEnqueueIsFoundByTheRecheck(_ backend: TestBackend) async throws {
        try await ServerHarness.with(backend, configure: { $0.recheckInterval = .milliseconds(200) }) { h in
            let w = try await h.world()
            let client = h.client
            try await h.withReplica { replica in
                async let leased = client.lease(agent: w.agent.id, waitSeconds: 60)
                try await untilParked(h)
                let item = try await replica.enqueue(queue: w.queue.id, spec: ["via": "replica"])
                #expect(try await leased?.id == item.id)
                #expect(await h.env.notifier.waiterCount == 0)
            }
        }
    }

    @Test(arguments: TestBackend.all)
    func waitWithNothingToWaitForEndsEmpty(_ backend: TestBackend) async throws {
        try await ServerHarness.with(backend, configure: { $0.recheckInterval = .seconds(3600) }) { h in
            let w = try await h.world()
            #expect(try await h.client.lease(agent: w.agent.id, waitSeconds: 1) == nil)
        }
    }
}
