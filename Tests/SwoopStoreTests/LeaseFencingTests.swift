import Foundation
import SwoopModel
import Testing
@testable import SwoopStore

/// Writes made under a lease that lapsed and went to another agent are refused; the new holder's are not.
@Suite struct LeaseFencingTests {
    @Test(arguments: Backend.all)
    func aLapsedLeaseReleasedToBFencesOutA(_ backend: Backend) async throws {
        try await backend.withStore { store async throws in
            let seed = try await Seed.make(store)
            let a = try await seed.agent(store, "a")
            let b = try await seed.agent(store, "b")
            let run = try await store.createRun(id: nil, project: seed.project.id, sweep: nil, name: nil, config: [:], now: Seed.t0)
            let item = try await store.enqueue(queue: seed.queue.id, spec: [:], priority: .medium, run: run.id, sweep: nil, isScheduler: false, now: Seed.t0)
            let byA = LeaseHolder(item: item.id, agent: a.id), byB = LeaseHolder(item: item.id, agent: b.id)

            // A holds the lease and moves the run along under it.
            _ = try #require(try await store.lease(queues: [seed.queue.id], agent: a.id, leaseSeconds: 10, now: Seed.t0))
            _ = try await store.transitionRun(id: run.id, to: .starting, exitCode: nil, errorMessage: nil, lease: byA, now: Seed.t0)
            _ = try await store.markRunning(lease: byA, run: run.id, now: Seed.t0)
            _ = try await store.transitionRun(id: run.id, to: .running, exitCode: nil, errorMessage: nil, lease: byA, now: Seed.t0)
            // B cannot write under A's lease.
            await #expect(throws: StoreError.leaseLost(item: item.id.rawValue, reason: "is leased to agent '\(a.id)', not '\(b.id)'")) {
                try await store.transitionRun(id: run.id, to: .finished, exitCode: 0, errorMessage: nil, lease: byB, now: Seed.t0)
            }

            // A stops renewing; the lease lapses and the item goes to B.
            let expired = try await store.expireLeases(now: Seed.t0.plus(11))
            #expect(expired.map(\.item.id) == [item.id])
            #expect(try await store.run(id: run.id).state == .queued)
            let second = try #require(try await store.lease(queues: [seed.queue.id], agent: b.id, leaseSeconds: 10, now: Seed.t0.plus(12)))
            #expect(second.id == item.id)
            #expect(second.attempts == 2)

            // Every write A makes on behalf of its old lease is refused and changes nothing.
            let lost = StoreError.leaseLost(item: item.id.rawValue, reason: "is leased to agent '\(b.id)', not '\(a.id)'")
            #expect(lost.description == "lease lost: item '\(item.id)' is leased to agent '\(b.id)', not '\(a.id)'")
            for state in [RunState.running, .finished, .failed, .crashed] {
                await #expect(throws: lost) {
                    try await store.transitionRun(id: run.id, to: state, exitCode: 0, errorMessage: nil, lease: byA, now: Seed.t0.plus(13))
                }
            }
            await #expect(throws: lost) { try await store.heartbeat(lease: byA, leaseSeconds: 10, now: Seed.t0.plus(13)) }
            await #expect(throws: lost) { try await store.markRunning(lease: byA, run: run.id, now: Seed.t0.plus(13)) }
            await #expect(throws: lost) { try await store.complete(lease: byA, now: Seed.t0.plus(13)) }
            await #expect(throws: lost) { try await store.fail(lease: byA, message: "x", now: Seed.t0.plus(13)) }
            await #expect(throws: lost) { try await store.requeue(lease: byA, now: Seed.t0.plus(13)) }
            #expect(try await store.run(id: run.id).state == .queued)
            let untouched = try await store.queueItem(id: item.id)
            #expect(untouched.state == .leased)
            #expect(untouched.leaseOwner == b.id)

            // B takes the run over from `queued` (expiry walked it back through `preempted`) and finishes it.
            _ = try await store.transitionRun(id: run.id, to: .starting, exitCode: nil, errorMessage: nil, lease: byB, now: Seed.t0.plus(14))
            _ = try await store.markRunning(lease: byB, run: run.id, now: Seed.t0.plus(14))
            _ = try await store.heartbeat(lease: byB, leaseSeconds: 10, now: Seed.t0.plus(15))
            _ = try await store.transitionRun(id: run.id, to: .running, exitCode: nil, errorMessage: nil, lease: byB, now: Seed.t0.plus(15))
            let finished = try await store.transitionRun(id: run.id, to: .finished, exitCode: 0, errorMessage: nil, lease: byB, now: Seed.t0.plus(16))
            #expect(finished.state == .finished)
            #expect(try await store.complete(lease: byB, now: Seed.t0.plus(16)).state == .done)

            // Once the item is done, no lease stands behind any write: both are told so.
            await #expect(throws: StoreError.leaseLost(item: item.id.rawValue, reason: "is done: the lease expired or ended")) {
                try await store.transitionRun(id: run.id, to: .failed, exitCode: 1, errorMessage: nil, lease: byA, now: Seed.t0.plus(17))
            }
            await #expect(throws: StoreError.leaseLost(item: item.id.rawValue, reason: "is done: the lease expired or ended")) {
                try await store.heartbeat(lease: byB, leaseSeconds: 10, now: Seed.t0.plus(17))
            }
            #expect(try await store.run(id: run.id).state == .finished)
        }
    }

    @Test(arguments: Backend.all)
    func aLeaseOnlyCoversItsOwnRun(_ backend: Backend) async throws {
        try await backend.withStore { store async throws in
            let seed = try await Seed.make(store)
            let a = try await seed.agent(store, "a")
            let mine = try await store.createRun(id: nil, project: seed.project.id, sweep: nil, name: nil, config: [:], now: Seed.t0)
            let other = try await store.createRun(id: nil, project: seed.project.id, sweep: nil, name: nil, config: [:], now: Seed.t0)
            let item = try await store.enqueue(queue: seed.queue.id, spec: [:], priority: .medium, run: mine.id, sweep: nil, isScheduler: false, now: Seed.t0)
            _ = try #require(try await store.lease(queues: [seed.queue.id], agent: a.id, leaseSeconds: 10, now: Seed.t0))
            let byA = LeaseHolder(item: item.id, agent: a.id)
            await #expect(throws: StoreError.conflict(kind: "queue item", id: item.id.rawValue, reason: "belongs to run '\(mine.id)', not '\(other.id)'")) {
                try await store.transitionRun(id: other.id, to: .starting, exitCode: nil, errorMessage: nil, lease: byA, now: Seed.t0)
            }
            #expect(try await store.run(id: other.id).state == .queued)
            await #expect(throws: StoreError.notFound(kind: "queue item", id: "ghost")) {
                try await store.transitionRun(id: mine.id, to: .starting, exitCode: nil, errorMessage: nil,
                                              lease: LeaseHolder(item: "ghost", agent: a.id), now: Seed.t0)
            }
            #expect(try await store.transitionRun(id: mine.id, to: .starting, exitCode: nil, errorMessage: nil, lease: byA, now: Seed.t0).state == .starting)
        }
    }

    @Test(arguments: Backend.all)
    func theHolderRepeatingItsLastRunStateIsARetryNotAConflict(_ backend: Backend) async throws {
        try await backend.withStore { store async throws in
            let (a, run, item, _) = try await Self.leasedRun(store)
            let byA = LeaseHolder(item: item.id, agent: a.id)
            let started = try await store.transitionRun(id: run.id, to: .starting, exitCode: nil, errorMessage: nil, lease: byA, now: Seed.t0)
            // The retry answers with the run as the first attempt left it (its time included).
            #expect(try await store.transitionRun(id: run.id, to: .starting, exitCode: nil, errorMessage: nil, lease: byA, now: Seed.t0.plus(1)) == started)
            _ = try await store.transitionRun(id: run.id, to: .running, exitCode: nil, errorMessage: nil, lease: byA, now: Seed.t0.plus(2))
            let finished = try await store.transitionRun(id: run.id, to: .finished, exitCode: 0, errorMessage: nil, lease: byA, now: Seed.t0.plus(3))
            #expect(try await store.transitionRun(id: run.id, to: .finished, exitCode: 0, errorMessage: nil, lease: byA, now: Seed.t0.plus(4)) == finished)
            // Without a lease a repeat is still an illegal transition, and a step back still is with one.
            await #expect(throws: StoreError.self) {
                try await store.transitionRun(id: run.id, to: .finished, exitCode: 0, errorMessage: nil, lease: nil, now: Seed.t0.plus(5))
            }
            await #expect(throws: StoreError.self) {
                try await store.transitionRun(id: run.id, to: .running, exitCode: nil, errorMessage: nil, lease: byA, now: Seed.t0.plus(5))
            }
        }
    }

    @Test(arguments: Backend.all)
    func theSameAgentsEarlierAttemptIsFencedOutToo(_ backend: Backend) async throws {
        try await backend.withStore { store async throws in
            let (a, run, item, first) = try await Self.leasedRun(store)
            let old = LeaseHolder(item: item.id, agent: a.id, attempt: first.attempts)
            #expect(old.attempt == 1)
            _ = try await store.transitionRun(id: run.id, to: .starting, exitCode: nil, errorMessage: nil, lease: old, now: Seed.t0)
            // A stalls, its lease lapses, and the item comes back to A itself.
            _ = try await store.expireLeases(now: Seed.t0.plus(11))
            let second = try #require(try await store.lease(queues: [item.queueID], agent: a.id, leaseSeconds: 10, now: Seed.t0.plus(12)))
            #expect(second.id == item.id && second.attempts == 2)
            let current = LeaseHolder(item: item.id, agent: a.id, attempt: second.attempts)
            // The stalled execution's writes are refused, even a repeat of the state the run is in.
            for state in [RunState.starting, .running, .finished] {
                await #expect(throws: StoreError.leaseLost(item: item.id.rawValue, reason: "was leased again (attempt 2); this write belongs to attempt 1")) {
                    try await store.transitionRun(id: run.id, to: state, exitCode: nil, errorMessage: nil, lease: old, now: Seed.t0.plus(13))
                }
            }
            // So are its writes on the item: it cannot renew, start, finish or hand back the new attempt.
            let stale = StoreError.leaseLost(item: item.id.rawValue, reason: "was leased again (attempt 2); this write belongs to attempt 1")
            await #expect(throws: stale) { try await store.heartbeat(lease: old, leaseSeconds: 10, now: Seed.t0.plus(13)) }
            await #expect(throws: stale) { try await store.markRunning(lease: old, run: run.id, now: Seed.t0.plus(13)) }
            await #expect(throws: stale) { try await store.complete(lease: old, now: Seed.t0.plus(13)) }
            await #expect(throws: stale) { try await store.fail(lease: old, message: "x", now: Seed.t0.plus(13)) }
            await #expect(throws: stale) { try await store.requeue(lease: old, now: Seed.t0.plus(13)) }
            #expect(try await store.run(id: run.id).state == .queued)
            let untouched = try await store.queueItem(id: item.id)
            #expect(untouched.state == .leased && untouched.leaseDeadline == second.leaseDeadline)
            // The current attempt writes; a holder without an attempt is checked by agent only, as before.
            #expect(try await store.heartbeat(lease: current, leaseSeconds: 10, now: Seed.t0.plus(14)).attempts == 2)
            #expect(try await store.transitionRun(id: run.id, to: .starting, exitCode: nil, errorMessage: nil, lease: current, now: Seed.t0.plus(14)).state == .starting)
            #expect(try await store.markRunning(lease: current, run: run.id, now: Seed.t0.plus(14)).state == .running)
            #expect(try await store.transitionRun(id: run.id, to: .running, exitCode: nil, errorMessage: nil,
                                                  lease: LeaseHolder(item: item.id, agent: a.id), now: Seed.t0.plus(15)).state == .running)
            #expect(try await store.complete(lease: current, now: Seed.t0.plus(16)).state == .done)
        }
    }

    /// Agent `a`, a run, its item, and that item leased to `a` (10 s) at t0.
    static func leasedRun(_ store: any Store) async throws -> (Agent, Run, QueueItem, QueueItem) {
        let seed = try await Seed.make(store)
        let a = try await seed.agent(store, "a")
        let run = try await store.createRun(id: nil, project: seed.project.id, sweep: nil, name: nil, config: [:], now: Seed.t0)
        let item = try await store.enqueue(queue: seed.queue.id, spec: [:], priority: .medium, run: run.id, sweep: nil, isScheduler: false, now: Seed.t0)
        let leased = try #require(try await store.lease(queues: [seed.queue.id], agent: a.id, leaseSeconds: 10, now: Seed.t0))
        return (a, run, item, leased)
    }
}
