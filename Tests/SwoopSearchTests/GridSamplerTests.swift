import Foundation
import Testing
import SwoopConfig
import SwoopModel
@testable import SwoopSearch

/// Grid behaviour beyond the conformance table: edge cases and scale.
@Suite("Grid sampler")
struct GridSamplerTests {
    @Test func constantsOnlyGiveOnePoint() throws {
        let space = SearchSpace(parameters: [Fixture.constant("a", 1), Fixture.constant("b", "x")])
        #expect(try Fixture.drainGrid(space) == [["a": 1, "b": "x"]])
        #expect(try GridSampler.gridSize(space) == 1)
    }

    @Test func emptyAxisIsAnEmptyGrid() throws {
        let space = SearchSpace(parameters: [Fixture.values("a", []), Fixture.values("b", [1, 2])])
        #expect(try Fixture.drainGrid(space).isEmpty)
        #expect(try GridSampler.gridSize(space) == 0)
    }

    @Test func trialMissingAParameterBlocksNothing() throws {
        let space = SearchSpace(parameters: [Fixture.values("a", [1, 2]), Fixture.values("b", [3])])
        let run = Fixture.trial(0, space, ["a": 1])
        #expect(try Fixture.drainGrid(space, trials: [run]).count == 2)
    }

    @Test func offGridValuesBlockNothing() throws {
        let space = SearchSpace(parameters: [Fixture.spec("n", .intUniform(min: 1, max: 3))])
        let runs = [Fixture.trial(0, space, ["n": 7]), Fixture.trial(1, space, ["n": true]),
                    Fixture.trial(2, space, ["n": 2.5]), Fixture.trial(3, space, ["n": 2.0])]
        #expect(try Fixture.drainGrid(space, trials: runs) == [["n": 1], ["n": 3]])
    }

    @Test func nestedListFloatsMatchIntegers() throws {
        let space = SearchSpace(parameters: [Fixture.values("shape", [[1, 2], [3, 4]])])
        let run = Fixture.trial(0, space, ["shape": [1.0, 2.0]])
        #expect(try Fixture.drainGrid(space, trials: [run]) == [["shape": [3, 4]]])
    }

    @Test func gridSizeMultipliesAxes() throws {
        let space = SearchSpace(parameters: [
            Fixture.values("a", [1, 2, 2.0, 3]),
            Fixture.spec("b", .intUniform(min: 0, max: 9)),
            Fixture.spec("c", .qUniform(min: 0, max: 1, q: Quantum(step: 0.25, isInteger: false))),
            Fixture.constant("d", 5),
        ])
        #expect(try GridSampler.gridSize(space) == 3 * 10 * 4)
    }

    @Test func gridSizeOverflowIsAnError() {
        let space = SearchSpace(parameters: [Fixture.spec("a", .intUniform(min: 0, max: 1 << 40)),
                                             Fixture.spec("b", .intUniform(min: 0, max: 1 << 40))])
        #expect(throws: SearchError.self) { try GridSampler.gridSize(space) }
    }

    @Test func hugeIntegerRangeIsNotMaterialized() throws {
        let space = SearchSpace(parameters: [Fixture.spec("a", .intUniform(min: 0, max: 1 << 50))])
        let runs = [Fixture.trial(0, space, ["a": 0]), Fixture.trial(1, space, ["a": 1])]
        #expect(try Fixture.drainGrid(space, trials: runs, limit: 1) == [["a": 2]])
        #expect(try GridSampler.gridSize(space) == (1 << 50) + 1)
    }

    @Test func changingTheSpaceRebuildsTheGrid() throws {
        var sampler = GridSampler()
        var rng = SeededRandom(seed: 0)
        let one = SearchSpace(parameters: [Fixture.values("a", [1, 2])])
        let two = SearchSpace(parameters: [Fixture.values("a", ["x"])])
        #expect(try sampler.propose(SearchContext(space: one, metric: nil, trials: []), rng: &rng)?.values == [1])
        #expect(try sampler.propose(SearchContext(space: two, metric: nil, trials: []), rng: &rng)?.values == ["x"])
    }

    @Test func deletedTrialIsSuggestedAgain() throws {
        let space = SearchSpace(parameters: [Fixture.values("a", [1, 2, 3])])
        var sampler = GridSampler()
        var rng = SeededRandom(seed: 0)
        let all = (1...3).map { Fixture.trial($0 - 1, space, ["a": .int($0)]) }
        #expect(try sampler.propose(SearchContext(space: space, metric: nil, trials: all), rng: &rng) == nil)
        let withoutSecond = [all[0], all[2]]
        #expect(try sampler.propose(SearchContext(space: space, metric: nil, trials: withoutSecond), rng: &rng)?.values == [2])
    }

    /// 100k points with 10k taken: one ask must not rescan the history per point.
    @Test func largeGridStaysFast() throws {
        let space = SearchSpace(parameters: [
            Fixture.values("a", (0..<100).map { .string("v\($0)") }),
            Fixture.spec("b", .intUniform(min: 0, max: 999)),
        ])
        #expect(try GridSampler.gridSize(space) == 100_000)
        let trials = (0..<10_000).map { n in
            Trial(number: n, values: [.string("v\(n / 1000)"), .int(n % 1000)], state: .finished)
        }
        var sampler = GridSampler()
        var rng = SeededRandom(seed: 0)
        let context = SearchContext(space: space, metric: nil, trials: trials)
        let clock = ContinuousClock()
        var proposal: Proposal?
        let elapsed = try clock.measure {
            for _ in 0..<5 { proposal = try sampler.propose(context, rng: &rng) }
        }
        #expect(proposal?.values == ["v10", 0])
        #expect(elapsed < .seconds(2), "5 asks took \(elapsed)")
    }
}
