import Foundation
import SwoopModel
import Testing
@testable import SwoopStore

/// The leasing guarantee: many lessees draining one queue at once never receive the same item.
@Suite struct ConcurrentLeaseTests {
    static let items = 2_000
    static let lessees = 16

    /// Half the lessees use a second store opened on the same database, as a second server process would:
    /// on SQLite that is a second connection pool contending for the file's write lock.
    @Test(arguments: Backend.all)
    func sixteenLesseesNeverShareAnItem(_ backend: Backend) async throws {
        try await backend.withOpened { opened async throws in
            let store = opened.store
            let second = try await StoreFactory.open(url: opened.url, dataDirectory: FileManager.default.temporaryDirectory)
            do {
                try await Self.drain(store, second)
            } catch {
                await second.close()
                throw error
            }
            await second.close()
        }
    }

    static func drain(_ store: any Store, _ second: any Store) async throws {
            let seed = try await Seed.make(store)
            // Enqueue from several tasks too, so enqueue and lease both run concurrently.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for w in 0..<4 {
                    group.addTask {
                        for i in stride(from: w, to: Self.items, by: 4) {
                            _ = try await store.enqueue(queue: seed.queue.id, spec: .int(i), priority: Priority(rawValue: i % 4)!,
                                                        run: nil, sweep: nil, isScheduler: false, now: Seed.t0)
                        }
                    }
                }
                try await group.waitForAll()
            }
            let leased = try await withThrowingTaskGroup(of: [QueueItem].self) { group in
                for l in 0..<Self.lessees {
                    let store = l % 2 == 0 ? store : second
                    group.addTask {
                        let agent = AgentID("lessee\(l)")
                        var mine: [QueueItem] = []
                        while let item = try await store.lease(queues: [seed.queue.id], agent: agent, leaseSeconds: 300, now: Seed.t0) {
                            #expect(item.leaseOwner == agent)
                            mine.append(item)
                        }
                        return mine
                    }
                }
                var all: [QueueItem] = []
                for try await part in group { all += part }
                return all
            }
            let ids = leased.map(\.id)
            #expect(ids.count == Self.items)
            #expect(Set(ids).count == Self.items, "some item was handed out twice")
            #expect(Set(leased.map(\.spec)).count == Self.items)
            #expect(leased.allSatisfy { $0.attempts == 1 })
            // The store agrees: every item is leased exactly once, by the lessee that received it.
            var stored: [QueueItemID: AgentID] = [:]
            var page = PageRequest(limit: 1000)
            while true {
                let p = try await store.listQueueItems(queue: seed.queue.id, states: nil, page: page)
                for item in p.items { stored[item.id] = item.leaseOwner }
                guard let next = p.nextCursor else { break }
                page.cursor = next
            }
            #expect(stored.count == Self.items)
            #expect(leased.allSatisfy { stored[$0.id] == $0.leaseOwner })
    }
}
