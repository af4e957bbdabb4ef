import Foundation
import SwoopClient
import SwoopModel
import SwoopServer
import Testing

/// Sixteen agents leasing from one queue over HTTP at once never get the same item, and get them all.
@Suite struct ConcurrentLeaseTests {
    @Test(arguments: TestBackend.all)
    func sixteenLesseesNeverShareAnItem(_ backend: TestBackend) async throws {
        try await ServerHarness.with(backend) { h in
            let w = try await h.world()
            let itemCount = 2000
            // Enqueue concurrently too (8 writers), so leasing races against enqueueing.
            var agents: [Agent] = []
            for i in 0..<16 {
                agents.append(try await h.client.registerAgent(entity: w.entity.id, name: "lessee-\(i)", queues: [w.queue.id]))
            }
            let client = h.client
            let enqueued: [QueueItemID] = try await withThrowingTaskGroup(of: [QueueItemID].self) { group in
                for writer in 0..<8 {
                    group.addTask {
                        var ids: [QueueItemID] = []
                        for n in 0..<(itemCount / 8) {
                            ids.append(try await client.enqueue(queue: w.queue.id, spec: ["writer": .int(writer), "n": .int(n)]).id)
                        }
                        return ids
                    }
                }
                for agent in agents {
                    group.addTask {
                        var got: [QueueItemID] = []
                        // Each lessee takes what it can while the writers are still writing. Leases outlast the test, so
                        // no item comes back through expiry (which would rightly lease it again).
                        for _ in 0..<20 { if let item = try await client.lease(agent: agent.id, leaseSeconds: 3600) { got.append(item.id) } }
                        return got.map { QueueItemID("leased:" + $0.rawValue) }
                    }
                }
                var all: [QueueItemID] = []
                for try await part in group { all += part }
                return all
            }
            let early = enqueued.filter { $0.rawValue.hasPrefix("leased:") }.map { QueueItemID(String($0.rawValue.dropFirst(7))) }
            let created = Set(enqueued.filter { !$0.rawValue.hasPrefix("leased:") })
            #expect(created.count == itemCount)

            let late: [[QueueItemID]] = try await withThrowingTaskGroup(of: [QueueItemID].self) { group in
                for agent in agents {
                    group.addTask {
                        var got: [QueueItemID] = []
                        while let item = try await client.lease(agent: agent.id, leaseSeconds: 3600) {
                            #expect(item.leaseOwner == agent.id && item.state == .leased)
                            got.append(item.id)
                        }
                        return got
                    }
                }
                var all: [[QueueItemID]] = []
                for try await part in group { all.append(part) }
                return all
            }
            let leased = early + late.flatMap { $0 }
            #expect(leased.count == itemCount, "every item leased exactly once")
            #expect(Set(leased).count == leased.count, "no item went to two lessees")
            #expect(Set(leased) == created)
            #expect(late.filter { !$0.isEmpty }.count > 1, "the work was actually shared")
            let pending = try await client.listQueueItems(queue: w.queue.id, states: [.pending])
            #expect(pending.items.isEmpty)
        }
    }
}
