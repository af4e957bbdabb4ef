import Foundation
import SwoopModel
import Testing
@testable import SwoopStore

@Suite struct SweepTests {
    @Test(arguments: Backend.all)
    func stateMachineIsEnforced(_ backend: Backend) async throws {
        try await backend.withStore { store async throws in
            let seed = try await Seed.make(store)
            let sweep = try await store.createSweep(project: seed.project.id, name: "s", config: ["method": "grid"], queue: seed.queue.id,
                                                    priority: .high, now: Seed.t0)
            #expect(sweep.state == .pending)
            #expect(sweep.priority == .high)
            #expect(sweep.schedulerStateVersion == 0)
            await #expect(throws: StoreError.illegalTransition(kind: "sweep", id: sweep.id.rawValue, from: "pending", to: "finished")) {
                try await store.transitionSweep(id: sweep.id, to: .finished, now: Seed.t0)
            }
            for s in [SweepState.running, .paused, .running, .stopped, .pending, .running] {
                #expect(try await store.transitionSweep(id: sweep.id, to: s, now: Seed.t0).state == s)
            }
            await #expect(throws: StoreError.illegalTransition(kind: "sweep", id: sweep.id.rawValue, from: "running", to: "running")) {
                try await store.transitionSweep(id: sweep.id, to: .running, now: Seed.t0)
            }
            // Queue and priority change only while the sweep is not running (resume).
            await #expect(throws: StoreError.self) { try await store.updateSweepLaunch(id: sweep.id, queue: nil, priority: .low, now: Seed.t0) }
            _ = try await store.transitionSweep(id: sweep.id, to: .cancelled, now: Seed.t0)
            let moved = try await store.updateSweepLaunch(id: sweep.id, queue: nil, priority: .low, now: Seed.t0)
            #expect(moved.queueID == nil)
            #expect(moved.priority == .low)
        }
    }

    @Test(arguments: Backend.all)
    func aTransitionFromAGivenStateRefusesASweepMovedMeanwhile(_ backend: Backend) async throws {
        try await backend.withStore { store async throws in
            let seed = try await Seed.make(store)
            let sweep = try await store.createSweep(project: seed.project.id, name: "s", config: ["method": "grid"], queue: seed.queue.id,
                                                    priority: .medium, now: Seed.t0)
            // A scheduler read `pending`, then someone stopped the sweep: its start must not make it run again.
            _ = try await store.transitionSweep(id: sweep.id, to: .stopped, now: Seed.t0)
            await #expect(throws: StoreError.conflict(kind: "sweep", id: sweep.id.rawValue, reason: "is stopped, not pending")) {
                try await store.transitionSweep(id: sweep.id, to: .running, from: .pending, now: Seed.t0)
            }
            #expect(try await store.sweep(id: sweep.id).state == .stopped)
            // Resumed (pending again), the same call goes through.
            _ = try await store.transitionSweep(id: sweep.id, to: .pending, now: Seed.t0)
            #expect(try await store.transitionSweep(id: sweep.id, to: .running, from: .pending, now: Seed.t0).state == .running)
        }
    }

    @Test(arguments: Backend.all)
    func schedulerStateIsCompareAndSet(_ backend: Backend) async throws {
        try await backend.withStore { store async throws in
            let seed = try await Seed.make(store)
            let sweep = try await store.createSweep(project: seed.project.id, name: nil, config: [:], queue: nil, priority: .medium, now: Seed.t0)
            let v1 = try await store.saveSchedulerState(sweep: sweep.id, state: ["trials": 1], expectedVersion: 0, now: Seed.t0)
            #expect(v1.schedulerStateVersion == 1)
            #expect(v1.schedulerState == ["trials": 1])
            // A second scheduler that read version 0 loses, and the stored state is untouched.
            await #expect(throws: StoreError.conflict(
                kind: "sweep", id: sweep.id.rawValue,
                reason: "scheduler state is at version 1, not 0: another scheduler saved first")) {
                try await store.saveSchedulerState(sweep: sweep.id, state: ["trials": 99], expectedVersion: 0, now: Seed.t0)
            }
            #expect(try await store.sweep(id: sweep.id).schedulerState == ["trials": 1])
            let v2 = try await store.saveSchedulerState(sweep: sweep.id, state: ["trials": [1.5, 2], "n": .null], expectedVersion: 1, now: Seed.t0)
            #expect(v2.schedulerStateVersion == 2 && v2.schedulerState == ["trials": [1.5, 2], "n": .null])
            #expect(try await store.sweep(id: sweep.id).schedulerState == ["trials": [1.5, 2], "n": .null])
            // The lean read: everything but the state, which stays stored.
            let lean = try await store.sweepWithoutState(id: sweep.id)
            var full = try await store.sweep(id: sweep.id)
            #expect((lean.schedulerState ?? .null) == .null)
            full.schedulerState = lean.schedulerState
            #expect(lean == full && lean.schedulerStateVersion == 2)
            await #expect(throws: StoreError.notFound(kind: "sweep", id: "ghost")) {
                try await store.saveSchedulerState(sweep: "ghost", state: [:], expectedVersion: 0, now: Seed.t0)
            }
            await #expect(throws: StoreError.notFound(kind: "sweep", id: "ghost")) { try await store.sweepWithoutState(id: "ghost") }
        }
    }

    @Test(arguments: Backend.all)
    func concurrentSavesFromOneVersionHaveOneWinner(_ backend: Backend) async throws {
        try await backend.withStore { store async throws in
            let seed = try await Seed.make(store)
            let sweep = try await store.createSweep(project: seed.project.id, name: nil, config: [:], queue: nil, priority: .medium, now: Seed.t0)
            let wins = try await withThrowingTaskGroup(of: Bool.self) { group in
                for i in 0..<8 {
                    group.addTask {
                        do {
                            _ = try await store.saveSchedulerState(sweep: sweep.id, state: .int(i), expectedVersion: 0, now: Seed.t0)
                            return true
                        } catch StoreError.conflict {
                            return false
                        }
                    }
                }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(wins == 1)
            #expect(try await store.sweep(id: sweep.id).schedulerStateVersion == 1)
        }
    }

    @Test(arguments: Backend.all)
    func runsSinceCursorReturnOnlyChangedRuns(_ backend: Backend) async throws {
        try await backend.withStore { store async throws in
            let seed = try await Seed.make(store)
            let sweep = try await store.createSweep(project: seed.project.id, name: nil, config: [:], queue: nil, priority: .medium, now: Seed.t0)
            let other = try await store.createSweep(project: seed.project.id, name: nil, config: [:], queue: nil, priority: .medium, now: Seed.t0)
            var runs: [Run] = []
            for i in 0..<3 {
                runs.append(try await store.createRun(id: nil, project: seed.project.id, sweep: sweep.id, name: "r\(i)", config: ["i": .int(i)], now: Seed.t0))
            }
            _ = try await store.createRun(id: nil, project: seed.project.id, sweep: other.id, name: "elsewhere", config: [:], now: Seed.t0)
            _ = try await store.createRun(id: nil, project: seed.project.id, sweep: nil, name: "alone", config: [:], now: Seed.t0)

            let first = try await store.runs(sweep: sweep.id, sinceCursor: 0, limit: 100)
            #expect(first.runs.map(\.id) == runs.map(\.id))
            let cursor = first.nextCursor
            #expect(try await store.runs(sweep: sweep.id, sinceCursor: cursor, limit: 100) == SweepRunChanges(runs: [], nextCursor: cursor))

            // State, metrics and summary changes each bring a run back, in change order.
            _ = try await store.transitionRun(id: runs[2].id, to: .running, exitCode: nil, errorMessage: nil, now: Seed.t0)
            _ = try await store.appendMetrics(run: runs[0].id, batch: MetricBatch(points: [MetricPoint(step: 0, values: ["loss": 1.0])]), now: Seed.t0)
            let changed = try await store.runs(sweep: sweep.id, sinceCursor: cursor, limit: 100)
            #expect(changed.runs.map(\.id) == [runs[2].id, runs[0].id])
            #expect(changed.runs[0].state == .running)
            #expect(changed.nextCursor > cursor)

            _ = try await store.setSummary(run: runs[2].id, summary: ["loss": 0.1], now: Seed.t0)
            let paged = try await store.runs(sweep: sweep.id, sinceCursor: changed.nextCursor, limit: 100)
            #expect(paged.runs.map(\.id) == [runs[2].id])
            #expect(paged.runs[0].summary == ["loss": 0.1])

            // A small limit pages through changes without skipping any.
            var seen: [RunID] = []
            var c: Int64 = 0
            while true {
                let page = try await store.runs(sweep: sweep.id, sinceCursor: c, limit: 1)
                guard let run = page.runs.first else { break }
                seen.append(run.id)
                c = page.nextCursor
            }
            #expect(seen == [runs[1].id, runs[0].id, runs[2].id])
            await #expect(throws: StoreError.notFound(kind: "sweep", id: "ghost")) { try await store.runs(sweep: "ghost", sinceCursor: 0, limit: 1) }
        }
    }

    @Test(arguments: Backend.all)
    func runOfASweepMustShareItsProject(_ backend: Backend) async throws {
        try await backend.withStore { store async throws in
            let seed = try await Seed.make(store)
            let otherProject = try await store.createProject(entity: seed.entity.id, name: "other", now: Seed.t0)
            let sweep = try await store.createSweep(project: seed.project.id, name: nil, config: [:], queue: nil, priority: .medium, now: Seed.t0)
            await #expect(throws: StoreError.self) {
                try await store.createRun(id: nil, project: otherProject.id, sweep: sweep.id, name: nil, config: [:], now: Seed.t0)
            }
        }
    }
}
