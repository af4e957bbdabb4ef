import Foundation
import SwoopModel
import Testing
@testable import SwoopStore

/// `launchSweepRun` writes the run and its queue item together, or neither.
@Suite struct SweepLaunchTests {
    @Test(arguments: Backend.all)
    func runAndItemAreWrittenTogetherOrNotAtAll(_ backend: Backend) async throws {
        try await backend.withStore { store async throws in
            let launcher = try #require(store as? any SweepRunLaunching)
            let seed = try await Seed.make(store)
            let sweep = try await store.createSweep(
                project: seed.project.id, name: "s", config: ["method": "grid"], queue: seed.queue.id, priority: .high, now: Seed.t0)
            _ = try await store.transitionSweep(id: sweep.id, to: .running, now: Seed.t0)
            let launched = try await launcher.launchSweepRun(
                run: "r1", sweep: sweep.id, name: "one", config: ["lr": 0.1], spec: ["run_id": "r1"], priority: .high, now: Seed.t0)
            #expect(launched.run.id == "r1" && launched.run.sweepID == sweep.id && launched.run.state == .queued)
            #expect(launched.item.runID == "r1" && launched.item.queueID == seed.queue.id && launched.item.priority == .high)
            #expect(try await store.runs(sweep: sweep.id, sinceCursor: 0, limit: 10).runs.map(\.id) == ["r1"])

            // A clash on the run id and a finished sweep are refused before anything is written.
            await #expect(throws: StoreError.self) {
                try await launcher.launchSweepRun(run: "r1", sweep: sweep.id, name: nil, config: [:], spec: [:], priority: .low, now: Seed.t0)
            }
            _ = try await store.transitionSweep(id: sweep.id, to: .finished, now: Seed.t0)
            await #expect(throws: StoreError.self) {
                try await launcher.launchSweepRun(run: "r2", sweep: sweep.id, name: nil, config: [:], spec: [:], priority: .low, now: Seed.t0)
            }
            await #expect(throws: StoreError.notFound(kind: "run", id: "r2")) { try await store.run(id: "r2") }
            let items = try await store.listQueueItems(queue: seed.queue.id, states: nil, page: .first)
            #expect(items.items.map(\.runID) == ["r1"])

            let noQueue = try await store.createSweep(project: seed.project.id, name: nil, config: [:], queue: nil, priority: .low, now: Seed.t0)
            await #expect(throws: StoreError.invalid(field: "sweep", reason: "sweep '\(noQueue.id)' has no queue to launch runs on")) {
                try await launcher.launchSweepRun(run: "r3", sweep: noQueue.id, name: nil, config: [:], spec: [:], priority: .low, now: Seed.t0)
            }
        }
    }
}
