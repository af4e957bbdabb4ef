import Foundation
import SwoopModel
import Testing
@testable import SwoopStore

/// Leases expiring while their holders still work: whoever lost a lease can no longer finish the item,
/// so every item is completed exactly once even though many are leased several times.
@Suite struct LeaseExpiryRaceTests {
    static let items = 300
    static let workers = 8

    @Test(arguments: Backend.all)
    func everyItemIsCompletedExactlyOnce(_ backend: Backend) async throws {
        try await backend.withStore { store async throws in
            try await Self.race(store)
        }
    }

    static func race(_ store: any Store) async throws {
        let seed = try await Seed.make(store)
        var all: Set<QueueItemID> = []
        for i in 0..<items {
            let item = try await store.enqueue(queue: seed.queue.id, spec: .int(i), priority: .medium, run: nil, sweep: nil,
                                               isScheduler: false, now: Seed.t0)
            all.insert(item.id)
        }
        let tally = Tally()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for w in 0..<workers {
                group.addTask {
                    try await work(store, queue: seed.queue.id, agent: AgentID("worker\(w)"), flaky: w % 2 == 0, tally: tally)
                }
            }
            group.addTask { try await expire(store, tally: tally) }
            try await group.waitForAll()
        }
        let completed = await tally.completed
        #expect(completed.count == items)
        #expect(Set(completed) == all, "an item was completed twice or not at all")
        #expect(try await states(store, queue: seed.queue.id) == [.done: items])
    }

    /// Half the workers are flaky agents: their leases last one second, so the expirer (always running at
    /// t0 + 2) takes them back whenever it gets there first, racing the holder's `complete`, and they drop
    /// every third item outright. The solid half hold long leases, so every item is done in the end.
    static func work(_ store: any Store, queue: QueueID, agent: AgentID, flaky: Bool, tally: Tally) async throws {
        while await tally.count < items {
            let lease = flaky ? 1 : 3600
            guard let item = try await store.lease(queues: [queue], agent: agent, leaseSeconds: lease, now: Seed.t0) else {
                await Task.yield()
                continue
            }
            let n = item.spec.number.map { Int($0) } ?? 0
            if flaky && n % 3 == 0 { continue }
            do {
                _ = try await store.complete(lease: LeaseHolder(item: item.id, agent: agent), now: Seed.t0)
                await tally.done(item.id)
            } catch let error as StoreError {
                // Only a lost lease may stop a completion.
                guard case .leaseLost = error else { throw error }
                await tally.lost()
            }
        }
    }

    static func expire(_ store: any Store, tally: Tally) async throws {
        while await tally.count < items {
            _ = try await store.expireLeases(now: Seed.t0.plus(2))
            await Task.yield()
        }
    }

    static func states(_ store: any Store, queue: QueueID) async throws -> [QueueItemState: Int] {
        var page = PageRequest(limit: 1000)
        var states: [QueueItemState: Int] = [:]
        while true {
            let p = try await store.listQueueItems(queue: queue, states: nil, page: page)
            for item in p.items { states[item.state, default: 0] += 1 }
            guard let next = p.nextCursor else { return states }
            page.cursor = next
        }
    }
}

/// Counts successful completions across the race test's workers.
actor Tally {
    var completed: [QueueItemID] = []
    var lostLeases = 0
    func done(_ id: QueueItemID) { completed.append(id) }
    func lost() { lostLeases += 1 }
    var count: Int { completed.count }
}
