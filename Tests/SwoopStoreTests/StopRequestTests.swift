import Foundation
import SwoopModel
import Testing
@testable import SwoopStore

/// The batched stop poll: which of some runs of one entity were asked to stop.
@Suite struct StopRequestTests {
    @Test(arguments: Backend.all)
    func onlyTheEntitysStoppedRunsAmongThoseAskedAbout(_ backend: Backend) async throws {
        try await backend.withStore { store async throws in
            let seed = try await Seed.make(store)
            let other = try await Seed.make(store)
            var runs: [Run] = []
            for _ in 0..<7 {
                runs.append(try await store.createRun(id: nil, project: seed.project.id, sweep: nil, name: nil, config: [:], now: Seed.t0))
            }
            let foreign = try await store.createRun(id: nil, project: other.project.id, sweep: nil, name: nil, config: [:], now: Seed.t0)
            for i in [1, 4, 6] { _ = try await store.requestStop(run: runs[i].id, now: Seed.t0.plus(1)) }
            _ = try await store.requestStop(run: foreign.id, now: Seed.t0.plus(1))
            let all = runs.map(\.id)
            #expect(try await store.stopRequestedRuns(among: [], entity: seed.entity.id) == [])
            #expect(try await store.stopRequestedRuns(among: all, entity: seed.entity.id) == [runs[1].id, runs[4].id, runs[6].id])
            // Lists of every length from 1 to 7 (padded to 1, 2, 4 and 8 placeholders) give the same answer for their runs.
            for n in 1...all.count {
                let expected = [1, 4, 6].filter { $0 < n }.map { runs[$0].id }
                #expect(try await store.stopRequestedRuns(among: Array(all.prefix(n)), entity: seed.entity.id) == expected, "n = \(n)")
            }
            // Another entity's run, an unknown id and a repeated id: only this entity's stopped runs, once each.
            let mixed = [foreign.id, RunID("no-such-run"), runs[4].id, runs[4].id, runs[0].id]
            #expect(try await store.stopRequestedRuns(among: mixed, entity: seed.entity.id) == [runs[4].id])
            #expect(try await store.stopRequestedRuns(among: mixed, entity: other.entity.id) == [foreign.id])
        }
    }
}
