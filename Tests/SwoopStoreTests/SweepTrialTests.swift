import Foundation
import SwoopModel
import Testing
@testable import SwoopStore

/// Trial rows (migration 5): written under the scheduler state's compare-and-set version, with or
/// without the state document, read back in number order and in pages.
@Suite struct SweepTrialTests {
    /// A migrated store with a fresh sweep in it.
    static func withSweep(_ backend: Backend, _ body: @escaping (any Store, any SweepTrialStoring, Sweep) async throws -> Void) async throws {
        try await backend.withStore { store async throws in
            let trials = try #require(store as? any SweepTrialStoring)
            let seed = try await Seed.make(store)
            let sweep = try await store.createSweep(project: seed.project.id, name: nil, config: [:], queue: nil, priority: .medium, now: Seed.t0)
            try await body(store, trials, sweep)
        }
    }

    @Test(arguments: Backend.all)
    func rowsAndStateSaveTogetherUnderOneVersion(_ backend: Backend) async throws {
        try await Self.withSweep(backend) { store, trials, sweep async throws in
            let v1 = try await trials.saveSchedulerTrials(
                sweep: sweep.id, trials: [SweepTrial(number: 1, data: ["b": 1]), SweepTrial(number: 0, data: ["a": 0.5])],
                state: ["format": 2, "trialCount": 2], expectedVersion: 0, now: Seed.t0)
            #expect(v1 == 1)
            #expect(try await trials.sweepTrials(sweep: sweep.id, after: -1, limit: 100)
                == [SweepTrial(number: 0, data: ["a": 0.5]), SweepTrial(number: 1, data: ["b": 1])])
            #expect(try await store.sweep(id: sweep.id).schedulerState == ["format": 2, "trialCount": 2])

            // One row replaced, one appended, the document left alone (state nil).
            let v2 = try await trials.saveSchedulerTrials(
                sweep: sweep.id, trials: [SweepTrial(number: 1, data: ["b": 2]), SweepTrial(number: 2, data: "c")],
                state: nil, expectedVersion: 1, now: Seed.t0)
            #expect(v2 == 2)
            let s = try await store.sweep(id: sweep.id)
            #expect(s.schedulerStateVersion == 2 && s.schedulerState == ["format": 2, "trialCount": 2])
            #expect(try await trials.sweepTrials(sweep: sweep.id, after: 0, limit: 1) == [SweepTrial(number: 1, data: ["b": 2])])
            #expect(try await trials.sweepTrials(sweep: sweep.id, after: 1, limit: 10) == [SweepTrial(number: 2, data: "c")])

            // A stale version writes nothing: neither rows nor document.
            await #expect(throws: StoreError.conflict(
                kind: "sweep", id: sweep.id.rawValue,
                reason: "scheduler state is at version 2, not 1: another scheduler saved first")) {
                try await trials.saveSchedulerTrials(
                    sweep: sweep.id, trials: [SweepTrial(number: 0, data: "lost"), SweepTrial(number: 7, data: "lost")],
                    state: ["lost": true], expectedVersion: 1, now: Seed.t0)
            }
            #expect(try await trials.sweepTrials(sweep: sweep.id, after: -1, limit: 100).map(\.number) == [0, 1, 2])
            #expect(try await trials.sweepTrials(sweep: sweep.id, after: -1, limit: 1).first?.data == ["a": 0.5])
            #expect(try await store.sweep(id: sweep.id).schedulerState == ["format": 2, "trialCount": 2])

            // The whole-document save moves the same version.
            let v3 = try await store.saveSchedulerState(sweep: sweep.id, state: ["format": 1], expectedVersion: 2, now: Seed.t0)
            #expect(v3.schedulerStateVersion == 3)
            await #expect(throws: StoreError.self) {
                try await trials.saveSchedulerTrials(sweep: sweep.id, trials: [], state: nil, expectedVersion: 2, now: Seed.t0)
            }
        }
    }

    @Test(arguments: Backend.all)
    func badInputIsRefusedByName(_ backend: Backend) async throws {
        try await Self.withSweep(backend) { store, trials, sweep async throws in
            await #expect(throws: StoreError.invalid(field: "number", reason: "a trial number must be 0 or more, got -1")) {
                try await trials.saveSchedulerTrials(sweep: sweep.id, trials: [SweepTrial(number: -1, data: 1)], state: nil, expectedVersion: 0, now: Seed.t0)
            }
            // Refused as a whole: the version did not move.
            #expect(try await store.sweep(id: sweep.id).schedulerStateVersion == 0)
            await #expect(throws: StoreError.notFound(kind: "sweep", id: "ghost")) {
                try await trials.saveSchedulerTrials(sweep: "ghost", trials: [], state: nil, expectedVersion: 0, now: Seed.t0)
            }
            await #expect(throws: StoreError.notFound(kind: "sweep", id: "ghost")) {
                try await trials.sweepTrials(sweep: "ghost", after: -1, limit: 10)
            }
        }
    }

    /// Rows are per sweep: the same numbers in two sweeps are two rows.
    @Test(arguments: Backend.all)
    func rowsBelongToTheirSweep(_ backend: Backend) async throws {
        try await Self.withSweep(backend) { store, trials, a async throws in
            let b = try await store.createSweep(project: a.projectID, name: nil, config: [:], queue: nil, priority: .medium, now: Seed.t0)
            _ = try await trials.saveSchedulerTrials(sweep: a.id, trials: [SweepTrial(number: 0, data: "a")], state: nil, expectedVersion: 0, now: Seed.t0)
            _ = try await trials.saveSchedulerTrials(sweep: b.id, trials: [SweepTrial(number: 0, data: "b")], state: nil, expectedVersion: 0, now: Seed.t0)
            #expect(try await trials.sweepTrials(sweep: a.id, after: -1, limit: 10) == [SweepTrial(number: 0, data: "a")])
            #expect(try await trials.sweepTrials(sweep: b.id, after: -1, limit: 10) == [SweepTrial(number: 0, data: "b")])
        }
    }
}
