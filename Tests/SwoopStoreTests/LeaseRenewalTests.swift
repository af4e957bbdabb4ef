import Foundation
import SwoopModel
import Testing
@testable import SwoopStore

/// An agent renewing all its leases in one transaction: each lease is judged on its own.
@Suite struct LeaseRenewalTests {
    @Test(arguments: Backend.all)
    func theHeldLeasesAreRenewedAndEveryOtherIsReportedLost(_ backend: Backend) async throws {
        try await backend.withStore { store async throws in
            let seed = try await Seed.make(store)
            let a = try await seed.agent(store, "a")
            let b = try await seed.agent(store, "b")
            var items: [QueueItem] = []
            for _ in 0..<4 {
                _ = try await store.enqueue(queue: seed.queue.id, spec: [:], priority: .medium, run: nil, sweep: nil, isScheduler: false, now: Seed.t0)
            }
            // a holds three items, b one; a's third item lapsed and came back to it (attempt 2).
            for agent in [a, a, b, a] {
                items.append(try #require(try await store.lease(queues: [seed.queue.id], agent: agent.id, leaseSeconds: 10, now: Seed.t0)))
            }
            _ = try await store.requeue(lease: LeaseHolder(item: items[3].id, agent: a.id), now: Seed.t0)
            let again = try #require(try await store.lease(queues: [seed.queue.id], agent: a.id, leaseSeconds: 10, now: Seed.t0))
            #expect(again.id == items[3].id && again.attempts == 2)
            _ = try await store.markRunning(lease: LeaseHolder(item: items[1].id, agent: a.id, attempt: 1), run: nil, now: Seed.t0)

            let leases = [
                LeaseHolder(item: items[1].id, agent: a.id, attempt: 1),  // running: renewed
                LeaseHolder(item: items[2].id, agent: a.id, attempt: 1),  // b's: lost, b not named
                LeaseHolder(item: items[3].id, agent: a.id, attempt: 1),  // a's earlier attempt: lost
                LeaseHolder(item: "no-such-item", agent: a.id),
                LeaseHolder(item: items[0].id, agent: a.id),  // no attempt: checked by agent only
            ]
            let answer = try await store.renewLeases(leases, leaseSeconds: 30, now: Seed.t0.plus(5))
            #expect(answer.renewed.map(\.id) == [items[0].id, items[1].id].sorted { $0.rawValue < $1.rawValue })
            #expect(answer.renewed.allSatisfy { $0.leaseDeadline == Seed.t0.plus(35) })
            let lost = Dictionary(uniqueKeysWithValues: answer.lost.map { ($0.item, $0.reason) })
            #expect(lost.count == 3)
            #expect(lost[items[2].id] == "lease lost: item '\(items[2].id)' is not leased to agent '\(a.id)'")
            #expect(lost[items[3].id] == "lease lost: item '\(items[3].id)' was leased again (attempt 2); this write belongs to attempt 1")
            #expect(lost["no-such-item"] == "queue item 'no-such-item' not found")
            // The lost leases were left as they were.
            #expect(try await store.queueItem(id: items[2].id).leaseDeadline == Seed.t0.plus(10))
            #expect(try await store.queueItem(id: items[3].id).leaseDeadline == Seed.t0.plus(10))

            #expect(try await store.renewLeases([], leaseSeconds: 30, now: Seed.t0) == LeaseRenewals())
            await #expect(throws: StoreError.self) { try await store.renewLeases(leases, leaseSeconds: 0, now: Seed.t0) }
            // Once the leases expired, none is renewed.
            _ = try await store.expireLeases(now: Seed.t0.plus(100))
            let late = try await store.renewLeases(leases, leaseSeconds: 30, now: Seed.t0.plus(101))
            #expect(late.renewed.isEmpty && late.lost.count == 5)
        }
    }
}
