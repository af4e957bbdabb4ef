import Foundation
import SwoopModel
import Testing
@testable import SwoopStore

@Suite struct QueueTests {
    @Test(arguments: Backend.all)
    func leasesByPriorityThenFIFO(_ backend: Backend) async throws {
        try await backend.withStore { store async throws in
            let seed = try await Seed.make(store)
            let agent = try await seed.agent(store)
            let order: [(String, Priority)] = [("a", .low), ("b", .medium), ("c", .critical), ("d", .medium), ("e", .critical), ("f", .high)]
            for (name, p) in order {
                _ = try await store.enqueue(queue: seed.queue.id, spec: ["name": .string(name)], priority: p, run: nil, sweep: nil,
                                            isScheduler: false, now: Seed.t0)
            }
            var got: [String] = []
            while let item = try await store.lease(queues: [seed.queue.id], agent: agent.id, leaseSeconds: 60, now: Seed.t0) {
                got.append(item.spec["name"]?.stringValue ?? "?")
                #expect(item.state == .leased)
                #expect(item.leaseOwner == agent.id)
                #expect(item.leaseDeadline == Seed.t0.plus(60))
                #expect(item.attempts == 1)
            }
            #expect(got == ["c", "e", "f", "b", "d", "a"])
        }
    }

    @Test(arguments: Backend.all)
    func unprioritizedQueueIsFIFO(_ backend: Backend) async throws {
        try await backend.withStore { store async throws in
            let seed = try await Seed.make(store, prioritized: false)
            let agent = try await seed.agent(store)
            for (i, p) in [Priority.low, .critical, .medium, .high].enumerated() {
                _ = try await store.enqueue(queue: seed.queue.id, spec: .int(i), priority: p, run: nil, sweep: nil, isScheduler: false, now: Seed.t0)
            }
            var got: [JSONValue] = []
            while let item = try await store.lease(queues: [seed.queue.id], agent: agent.id, leaseSeconds: 60, now: Seed.t0) {
                got.append(item.spec)
            }
            #expect(got == [0, 1, 2, 3])
        }
    }

    @Test(arguments: Backend.all)
    func turningPrioritizationOffMakesTheQueueFIFO(_ backend: Backend) async throws {
        try await backend.withStore { store async throws in
            let seed = try await Seed.make(store, prioritized: true)
            let agent = try await seed.agent(store)
            for (i, p) in [Priority.low, .critical].enumerated() {
                _ = try await store.enqueue(queue: seed.queue.id, spec: .int(i), priority: p, run: nil, sweep: nil, isScheduler: false, now: Seed.t0)
            }
            let q = try await store.updateQueue(id: seed.queue.id, configTemplate: ["image": "{{image}}"], prioritized: false, expiredLeasePolicy: .crash)
            #expect(q.prioritized == false)
            #expect(q.expiredLeasePolicy == .crash)
            #expect(q.configTemplate == ["image": "{{image}}"])
            #expect(try await store.queue(id: seed.queue.id) == q)
            #expect(try await store.lease(queues: [q.id], agent: agent.id, leaseSeconds: 5, now: Seed.t0)?.spec == 0)
            await #expect(throws: StoreError.notFound(kind: "queue", id: "ghost")) {
                try await store.updateQueue(id: "ghost", configTemplate: [:], prioritized: true, expiredLeasePolicy: .requeue)
            }
        }
    }

    @Test(arguments: Backend.all)
    func leaseTriesQueuesInOrder(_ backend: Backend) async throws {
        try await backend.withStore { store async throws in
            let seed = try await Seed.make(store)
            let other = try await store.createQueue(entity: seed.entity.id, name: "cpu", resource: "local-process", configTemplate: [:],
                                                    prioritized: true, expiredLeasePolicy: .requeue, now: Seed.t0)
            let agent = try await store.registerAgent(entity: seed.entity.id, name: "a", queues: [seed.queue.id, other.id], now: Seed.t0)
            _ = try await store.enqueue(queue: other.id, spec: "cpu", priority: .critical, run: nil, sweep: nil, isScheduler: false, now: Seed.t0)
            _ = try await store.enqueue(queue: seed.queue.id, spec: "gpu", priority: .low, run: nil, sweep: nil, isScheduler: false, now: Seed.t0)
            let first = try await store.lease(queues: [seed.queue.id, other.id], agent: agent.id, leaseSeconds: 5, now: Seed.t0)
            #expect(first?.spec == "gpu")
            let second = try await store.lease(queues: [seed.queue.id, other.id], agent: agent.id, leaseSeconds: 5, now: Seed.t0)
            #expect(second?.spec == "cpu")
            #expect(try await store.lease(queues: [seed.queue.id, other.id], agent: agent.id, leaseSeconds: 5, now: Seed.t0) == nil)
        }
    }

    @Test(arguments: Backend.all)
    func itemLifecycleAndOwnership(_ backend: Backend) async throws {
        try await backend.withStore { store async throws in
            let seed = try await Seed.make(store)
            let a = try await seed.agent(store, "a")
            let b = try await seed.agent(store, "b")
            let run = try await store.createRun(id: nil, project: seed.project.id, sweep: nil, name: nil, config: [:], now: Seed.t0)
            let item = try await store.enqueue(queue: seed.queue.id, spec: [:], priority: .medium, run: nil, sweep: nil, isScheduler: false, now: Seed.t0)
            #expect(item.state == .pending)
            await #expect(throws: StoreError.self) { try await store.heartbeat(lease: LeaseHolder(item: item.id, agent: a.id), leaseSeconds: 30, now: Seed.t0) }
            let leased = try #require(try await store.lease(queues: [seed.queue.id], agent: a.id, leaseSeconds: 30, now: Seed.t0))
            #expect(leased.id == item.id)

            // Another agent can do nothing with it.
            for attempt in [
                { try await store.heartbeat(lease: LeaseHolder(item: item.id, agent: b.id), leaseSeconds: 30, now: Seed.t0) },
                { try await store.markRunning(lease: LeaseHolder(item: item.id, agent: b.id), run: nil, now: Seed.t0) },
                { try await store.complete(lease: LeaseHolder(item: item.id, agent: b.id), now: Seed.t0) },
                { try await store.fail(lease: LeaseHolder(item: item.id, agent: b.id), message: "x", now: Seed.t0) },
                { try await store.requeue(lease: LeaseHolder(item: item.id, agent: b.id), now: Seed.t0) },
            ] as [@Sendable () async throws -> QueueItem] {
                do {
                    _ = try await attempt()
                    Issue.record("an agent without the lease changed the item")
                } catch let e as StoreError {
                    guard case .leaseLost = e else { Issue.record("expected a lost lease, got \(e)"); continue }
                }
            }

            let beat = try await store.heartbeat(lease: LeaseHolder(item: item.id, agent: a.id), leaseSeconds: 90, now: Seed.t0.plus(20))
            #expect(beat.leaseDeadline == Seed.t0.plus(110))
            let running = try await store.markRunning(lease: LeaseHolder(item: item.id, agent: a.id), run: run.id, now: Seed.t0.plus(21))
            #expect(running.state == .running)
            #expect(running.runID == run.id)
            // A retried markRunning changes nothing.
            #expect(try await store.markRunning(lease: LeaseHolder(item: item.id, agent: a.id), run: nil, now: Seed.t0.plus(22)).runID == run.id)
            let done = try await store.complete(lease: LeaseHolder(item: item.id, agent: a.id), now: Seed.t0.plus(30))
            #expect(done.state == .done)
            #expect(done.leaseOwner == nil)
            await #expect(throws: StoreError.self) { try await store.complete(lease: LeaseHolder(item: item.id, agent: a.id), now: Seed.t0.plus(31)) }
            #expect(try await store.queueItem(id: item.id).state == .done)
        }
    }

    @Test(arguments: Backend.all)
    func failAndRequeue(_ backend: Backend) async throws {
        try await backend.withStore { store async throws in
            let seed = try await Seed.make(store)
            let a = try await seed.agent(store)
            let first = try await store.enqueue(queue: seed.queue.id, spec: 1, priority: .medium, run: nil, sweep: nil, isScheduler: false, now: Seed.t0)
            let second = try await store.enqueue(queue: seed.queue.id, spec: 2, priority: .medium, run: nil, sweep: nil, isScheduler: true, now: Seed.t0)
            let l1 = try #require(try await store.lease(queues: [seed.queue.id], agent: a.id, leaseSeconds: 30, now: Seed.t0))
            #expect(l1.id == first.id)
            let failed = try await store.fail(lease: LeaseHolder(item: first.id, agent: a.id), message: "image missing", now: Seed.t0)
            #expect(failed.state == .failed)
            #expect(failed.errorMessage == "image missing")

            let l2 = try #require(try await store.lease(queues: [seed.queue.id], agent: a.id, leaseSeconds: 30, now: Seed.t0))
            #expect(l2.id == second.id)
            #expect(l2.isScheduler)
            let third = try await store.enqueue(queue: seed.queue.id, spec: 3, priority: .medium, run: nil, sweep: nil, isScheduler: false, now: Seed.t0)
            // A requeued item goes to the front of its priority level, before items enqueued after it was leased.
            let back = try await store.requeue(lease: LeaseHolder(item: second.id, agent: a.id), now: Seed.t0)
            #expect(back.state == .pending)
            #expect(back.leaseOwner == nil)
            let l3 = try #require(try await store.lease(queues: [seed.queue.id], agent: a.id, leaseSeconds: 30, now: Seed.t0))
            #expect(l3.id == second.id)
            #expect(l3.attempts == 2)
            let l4 = try #require(try await store.lease(queues: [seed.queue.id], agent: a.id, leaseSeconds: 30, now: Seed.t0))
            #expect(l4.id == third.id)
        }
    }

    @Test(arguments: Backend.all)
    func expiredLeasesFollowQueuePolicy(_ backend: Backend) async throws {
        try await backend.withStore { store async throws in
            let seed = try await Seed.make(store, policy: .requeue)
            let crashQueue = try await store.createQueue(entity: seed.entity.id, name: "strict", resource: "slurm", configTemplate: [:],
                                                         prioritized: true, expiredLeasePolicy: .crash, now: Seed.t0)
            let agent = try await store.registerAgent(entity: seed.entity.id, name: "a", queues: [seed.queue.id, crashQueue.id], now: Seed.t0)
            func startedRun(on queue: QueueID) async throws -> (QueueItem, Run) {
                let run = try await store.createRun(id: nil, project: seed.project.id, sweep: nil, name: nil, config: [:], now: Seed.t0)
                let item = try await store.enqueue(queue: queue, spec: [:], priority: .medium, run: run.id, sweep: nil, isScheduler: false, now: Seed.t0)
                let leased = try #require(try await store.lease(queues: [queue], agent: agent.id, leaseSeconds: 10, now: Seed.t0))
                #expect(leased.id == item.id)
                _ = try await store.transitionRun(id: run.id, to: .starting, exitCode: nil, errorMessage: nil, now: Seed.t0)
                _ = try await store.transitionRun(id: run.id, to: .running, exitCode: nil, errorMessage: nil, now: Seed.t0)
                return (try await store.markRunning(lease: LeaseHolder(item: item.id, agent: agent.id), run: run.id, now: Seed.t0), run)
            }
            let (requeueItem, requeueRun) = try await startedRun(on: seed.queue.id)
            let (crashItem, crashRun) = try await startedRun(on: crashQueue.id)
            // Leased but never started: always back to the queue, whatever the policy.
            _ = try await store.enqueue(queue: crashQueue.id, spec: "unstarted", priority: .medium, run: nil, sweep: nil, isScheduler: false, now: Seed.t0)
            let unstarted = try #require(try await store.lease(queues: [crashQueue.id], agent: agent.id, leaseSeconds: 10, now: Seed.t0))

            // Renewed leases do not expire.
            #expect(try await store.expireLeases(now: Seed.t0.plus(9)).isEmpty)

            let expired = try await store.expireLeases(now: Seed.t0.plus(11))
            let byID = Dictionary(uniqueKeysWithValues: expired.map { ($0.item.id, $0) })
            #expect(expired.count == 3)
            #expect(byID[requeueItem.id]?.action == .requeue)
            #expect(byID[requeueItem.id]?.item.state == .pending)
            #expect(byID[requeueItem.id]?.previousOwner == agent.id)
            #expect(byID[crashItem.id]?.action == .crash)
            #expect(byID[crashItem.id]?.item.state == .failed)
            #expect(byID[unstarted.id]?.action == .requeue)
            #expect(byID[unstarted.id]?.item.state == .pending)
            #expect(try await store.run(id: requeueRun.id).state == .queued)
            let crashed = try await store.run(id: crashRun.id)
            #expect(crashed.state == .crashed)
            #expect(crashed.endedAt == Seed.t0.plus(11))
            // Nothing left to expire, and the requeued items can be leased again.
            #expect(try await store.expireLeases(now: Seed.t0.plus(12)).isEmpty)
            let again = try #require(try await store.lease(queues: [seed.queue.id], agent: agent.id, leaseSeconds: 10, now: Seed.t0.plus(12)))
            #expect(again.id == requeueItem.id)
            #expect(again.attempts == 2)
            // The old lease is gone: the agent that lost it cannot complete the crashed item.
            await #expect(throws: StoreError.self) { try await store.complete(lease: LeaseHolder(item: crashItem.id, agent: agent.id), now: Seed.t0.plus(12)) }
        }
    }

    @Test(arguments: Backend.all)
    func onlyPendingItemsCanBeCancelled(_ backend: Backend) async throws {
        try await backend.withStore { store async throws in
            let seed = try await Seed.make(store)
            let agent = try await seed.agent(store)
            let held = try await store.enqueue(queue: seed.queue.id, spec: 1, priority: .medium, run: nil, sweep: nil, isScheduler: false, now: Seed.t0)
            let waiting = try await store.enqueue(queue: seed.queue.id, spec: 2, priority: .medium, run: nil, sweep: nil, isScheduler: false, now: Seed.t0)
            #expect(try await store.lease(queues: [seed.queue.id], agent: agent.id, leaseSeconds: 30, now: Seed.t0)?.id == held.id)
            await #expect(throws: StoreError.conflict(kind: "queue item", id: held.id.rawValue, reason: "is leased; only pending items can be cancelled")) {
                try await store.cancelItem(id: held.id, reason: "sweep cancelled", now: Seed.t0)
            }
            let cancelled = try await store.cancelItem(id: waiting.id, reason: "sweep cancelled", now: Seed.t0)
            #expect(cancelled.state == .failed)
            #expect(cancelled.errorMessage == "sweep cancelled")
            #expect(try await store.lease(queues: [seed.queue.id], agent: agent.id, leaseSeconds: 30, now: Seed.t0) == nil)
            let pending = try await store.listQueueItems(queue: seed.queue.id, states: [.pending], page: .first)
            #expect(pending.items.isEmpty)
            let failed = try await store.listQueueItems(queue: seed.queue.id, states: [.failed, .leased], page: .first)
            #expect(failed.items.map(\.id) == [held.id, waiting.id])
        }
    }

    @Test(arguments: Backend.all)
    func stoppingASweepCancelsItsWaitingItems(_ backend: Backend) async throws {
        try await backend.withStore { store async throws in
            let seed = try await Seed.make(store)
            let agent = try await seed.agent(store)
            let sweep = try await store.createSweep(project: seed.project.id, name: nil, config: [:], queue: seed.queue.id, priority: .medium, now: Seed.t0)
            let other = try await store.createSweep(project: seed.project.id, name: nil, config: [:], queue: seed.queue.id, priority: .medium, now: Seed.t0)
            var mine: [QueueItem] = []
            for i in 0..<3 {
                mine.append(try await store.enqueue(queue: seed.queue.id, spec: .int(i), priority: .medium, run: nil, sweep: sweep.id, isScheduler: false, now: Seed.t0))
            }
            let theirs = try await store.enqueue(queue: seed.queue.id, spec: 9, priority: .medium, run: nil, sweep: other.id, isScheduler: false, now: Seed.t0)
            let held = try #require(try await store.lease(queues: [seed.queue.id], agent: agent.id, leaseSeconds: 30, now: Seed.t0))
            #expect(held.id == mine[0].id)
            let cancelled = try await store.cancelPendingItems(sweep: sweep.id, reason: "sweep stopped", now: Seed.t0)
            #expect(cancelled.map(\.id) == [mine[1].id, mine[2].id])
            #expect(cancelled.allSatisfy { $0.state == .failed && $0.errorMessage == "sweep stopped" })
            #expect(try await store.queueItem(id: held.id).state == .leased)
            #expect(try await store.queueItem(id: theirs.id).state == .pending)
            #expect(try await store.cancelPendingItems(sweep: sweep.id, reason: "again", now: Seed.t0).isEmpty)
        }
    }

    @Test(arguments: Backend.all)
    func listingByStatePagesOverMatchingItemsOnly(_ backend: Backend) async throws {
        try await backend.withStore { store async throws in
            let seed = try await Seed.make(store)
            let agent = try await seed.agent(store)
            for i in 0..<10 {
                _ = try await store.enqueue(queue: seed.queue.id, spec: .int(i), priority: .medium, run: nil, sweep: nil, isScheduler: false, now: Seed.t0)
            }
            for _ in 0..<7 {
                let item = try #require(try await store.lease(queues: [seed.queue.id], agent: agent.id, leaseSeconds: 60, now: Seed.t0))
                _ = try await store.complete(lease: LeaseHolder(item: item.id, agent: agent.id), now: Seed.t0)
            }
            // Three pending items behind seven done ones: pages of two hold only pending items.
            var specs: [JSONValue] = []
            var page = PageRequest(limit: 2)
            var pages = 0
            while true {
                let p = try await store.listQueueItems(queue: seed.queue.id, states: [.pending], page: page)
                pages += 1
                #expect(p.items.allSatisfy { $0.state == .pending })
                specs += p.items.map(\.spec)
                guard let next = p.nextCursor else { break }
                page.cursor = next
            }
            #expect(specs == [7, 8, 9])
            #expect(pages == 2)
            #expect(try await store.listQueueItems(queue: seed.queue.id, states: [.done, .pending], page: .first).items.count == 10)
            #expect(try await store.listQueueItems(queue: seed.queue.id, states: [], page: .first).items.isEmpty)
        }
    }

    @Test(arguments: Backend.all)
    func rejectsBadLeaseArguments(_ backend: Backend) async throws {
        try await backend.withStore { store async throws in
            let seed = try await Seed.make(store)
            await #expect(throws: StoreError.invalid(field: "leaseSeconds", reason: "must be between 1 and 86400, got 0")) {
                try await store.lease(queues: [seed.queue.id], agent: "a", leaseSeconds: 0, now: Seed.t0)
            }
            await #expect(throws: StoreError.notFound(kind: "queue", id: "nope")) {
                try await store.lease(queues: ["nope"], agent: "a", leaseSeconds: 5, now: Seed.t0)
            }
            await #expect(throws: StoreError.notFound(kind: "queue", id: "nope")) {
                try await store.enqueue(queue: "nope", spec: 1, priority: .low, run: nil, sweep: nil, isScheduler: false, now: Seed.t0)
            }
        }
    }
}
