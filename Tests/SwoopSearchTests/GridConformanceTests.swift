import Testing
import SwoopConfig
import SwoopModel
@testable import SwoopSearch

/// Conformance facts 1–14 (reference §6) for W&B's grid.
@Suite("Grid conformance")
struct GridConformanceTests {
    @Test func fact1LastParameterVariesFastest() throws {
        let space = SearchSpace(parameters: [Fixture.values("v1", [1, 2, 3]), Fixture.values("v2", [4, 5])])
        let got = try Fixture.drainGrid(space)
        #expect(got == [["v1": 1, "v2": 4], ["v1": 1, "v2": 5], ["v1": 2, "v2": 4],
                        ["v1": 2, "v2": 5], ["v1": 3, "v2": 4], ["v1": 3, "v2": 5]])
    }

    @Test func fact2SortedNamesNotFileOrder() throws {
        let space = SearchSpace(parameters: [Fixture.values("b", [1, 2]), Fixture.values("a", ["x", "y"])])
        #expect(try Fixture.drainGrid(space) == [["a": "x", "b": 1], ["a": "x", "b": 2],
                                                 ["a": "y", "b": 1], ["a": "y", "b": 2]])
    }

    @Test func fact3DuplicatesRemovedOrderKept() throws {
        let space = SearchSpace(parameters: [Fixture.values("v1", ["a", "b", "c", "a"]),
                                             Fixture.values("v2", [1, 2, 3])])
        let got = try Fixture.drainGrid(space)
        let expected: [JSONValue] = ["a", "b", "c"].flatMap { v1 in
            [1, 2, 3].map { v2 in ["v1": .string(v1), "v2": .int(v2)] as JSONValue }
        }
        #expect(got == expected)
        #expect(try GridSampler.gridSize(space) == 9)
    }

    @Test func fact4EqualHashValuesEmitLastOccurrence() throws {
        let space = SearchSpace(parameters: [Fixture.values("a", [1, 1.0, 2, "2", true])])
        let got = try Fixture.drainGrid(space)
        #expect(got == [["a": 1.0], ["a": 2], ["a": "2"], ["a": true]])
        // Exact JSON kinds matter: 1.0 is the double, not the integer.
        #expect(got[0]["a"] == .double(1.0))
    }

    @Test func fact5ExistingRunsAreSkipped() throws {
        let space = SearchSpace(parameters: [Fixture.values("v1", [1, 2, 3]), Fixture.values("v2", [4, 5])])
        let runs = [
            Fixture.trial(0, space, ["v1": ["value": 2], "v2": ["value": 4]]),
            Fixture.trial(1, space, ["v1": ["value": 1], "v2": ["value": 5]]),
        ]
        let got = try Fixture.drainGrid(space, trials: runs)
        #expect(got == [["v1": 1, "v2": 4], ["v1": 2, "v2": 5], ["v1": 3, "v2": 4], ["v1": 3, "v2": 5]])
    }

    @Test func fact6IntegerValuedFloatMatchesInteger() throws {
        let space = SearchSpace(parameters: [Fixture.values("v1", [3_000_000, "next"]),
                                             Fixture.constant("v2", "test")])
        let run = Fixture.trial(0, space, ["v1": ["value": 3_000_000.0], "v2": ["value": "test"]])
        let got = try Fixture.drainGrid(space, trials: [run])
        #expect(got == [["v1": "next", "v2": "test"]])
    }

    @Test func fact7BoolIsNotInt() throws {
        let space = SearchSpace(parameters: [Fixture.values("v1", [true, 1])])
        let run = Fixture.trial(0, space, ["v1": ["value": true]])
        #expect(try Fixture.drainGrid(space, trials: [run]) == [["v1": 1]])
        let other = Fixture.trial(0, space, ["v1": ["value": 1.0]])
        #expect(try Fixture.drainGrid(space, trials: [other]) == [["v1": true]])
    }

    @Test func fact8DictValuesIgnoreKeyOrderAndInjectedKeys() throws {
        let v0: JSONValue = ["env_id": "Env-v0", "max_steps": 1000]
        let v1: JSONValue = ["env_id": "Env-v1", "max_steps": 2000]
        let space = SearchSpace(parameters: [Fixture.values("env", [v0, v1])])
        let runs = [
            Fixture.trial(0, space, ["env": ["value": ["max_steps": 1000, "env_id": "Env-v0", "env_name": "zero"]]]),
            Fixture.trial(1, space, ["env": ["value": ["env_name": "one", "env_id": "Env-v1", "max_steps": 2000.0]]]),
        ]
        #expect(try Fixture.drainGrid(space, trials: runs).isEmpty)
        // A run lacking a key the grid value has does not match it.
        let partial = Fixture.trial(0, space, ["env": ["value": ["env_id": "Env-v0"]]])
        #expect(try Fixture.drainGrid(space, trials: [partial]) == [["env": v0], ["env": v1]])
    }

    @Test(arguments: TrialState.allCases)
    func fact9AnyStateBlocksAGridPoint(state: TrialState) throws {
        let space = SearchSpace(parameters: [Fixture.values("a", [1])])
        let run = Fixture.trial(0, space, ["a": ["value": 1]], state: state)
        var sampler = GridSampler()
        var rng = SeededRandom(seed: 1)
        let context = SearchContext(space: space, metric: nil, trials: [run])
        #expect(try sampler.propose(context, rng: &rng) == nil)
        #expect(try sampler.propose(context, rng: &rng) == nil)
    }

    @Test func fact10IntUniformExpandsInclusive() throws {
        let space = SearchSpace(parameters: [Fixture.spec("n", .intUniform(min: -52, max: 10)),
                                             Fixture.constant("c", "k")])
        let got = try Fixture.drainGrid(space)
        #expect(got.count == 63)
        #expect(got.map { $0["n"]! } == (-52...10).map { JSONValue.int($0) })
        #expect(got.allSatisfy { $0["c"] == "k" })
        #expect(try GridSampler.gridSize(space) == 63)
    }

    @Test func fact11QUniformExcludesMax() throws {
        let space = SearchSpace(parameters: [Fixture.spec("q", .qUniform(min: 0, max: 10, q: Quantum(step: 2, isInteger: true)))])
        #expect(try Fixture.drainGrid(space) == [["q": 0], ["q": 2], ["q": 4], ["q": 6], ["q": 8]])
    }

    @Test func fact11NumpyArange() throws {
        // np.arange(-9.211, 23.23, 2.341).tolist()
        let expected: [Double] = [-9.211, -6.87, -4.529, -2.1879999999999997, 0.15300000000000047, 2.4940000000000015,
                                  4.835000000000001, 7.176, 9.517000000000001, 11.858000000000002, 14.199000000000003,
                                  16.54, 18.881, 21.222]
        let space = SearchSpace(parameters: [Fixture.spec("q", .qUniform(min: -9.211, max: 23.23,
                                                                         q: Quantum(step: 2.341, isInteger: false)))])
        let got = try Fixture.drainGrid(space)
        #expect(got.map { $0["q"]! } == expected.map { JSONValue.double($0) })
        // np.arange(0.1, 1.0, 0.1) has 9 values, the third being 0.30000000000000004.
        let tenths = SearchSpace(parameters: [Fixture.spec("q", .qUniform(min: 0.1, max: 1.0, q: Quantum(step: 0.1, isInteger: false)))])
        let t = try Fixture.drainGrid(tenths)
        #expect(t.count == 9)
        #expect(t[2]["q"] == .double(0.30000000000000004))
    }

    @Test func qUniformRunValuesMatchArangePoints() throws {
        let space = SearchSpace(parameters: [Fixture.spec("q", .qUniform(min: 0.1, max: 1.0, q: Quantum(step: 0.1, isInteger: false)))])
        let runs = [Fixture.trial(0, space, ["q": 0.30000000000000004]), Fixture.trial(1, space, ["q": 0.1]),
                    Fixture.trial(2, space, ["q": 0.3])]
        let got = try Fixture.drainGrid(space, trials: runs)
        #expect(got.count == 7)
        #expect(!got.contains(["q": 0.30000000000000004]))
    }

    @Test func fact12DisallowedTypes() throws {
        let message = "Parameter lr is a disallowed type with grid search. Grid search requires all parameters to be "
            + "categorical, constant, int_uniform, or q_uniform. Specification of probabilities for categorical "
            + "parameters is disallowed in grid search"
        let uniform = SearchSpace(parameters: [Fixture.spec("lr", .uniform(min: 0, max: 1)), Fixture.values("a", [1])])
        #expect(throws: SearchError(message)) { try Fixture.drainGrid(uniform) }
        #expect(throws: SearchError(message)) { try GridSampler.gridSize(uniform) }
        let weighted = SearchSpace(parameters: [Fixture.spec("lr", .categorical(values: [1], probabilities: [1.0]))])
        #expect(throws: SearchError(message)) { try Fixture.drainGrid(weighted) }
        let normal = SearchSpace(parameters: [Fixture.spec("lr", .normal(mu: 0, sigma: 1))])
        #expect(throws: SearchError(message)) { try Fixture.drainGrid(normal) }
    }

    @Test func fact13NestedGrid() throws {
        let space = SearchSpace(parameters: [Fixture.values("z", [1, 2]), Fixture.values("p.y", ["u", "v"]),
                                             Fixture.constant("p.x", 0)])
        let got = try Fixture.drainGrid(space)
        #expect(got == [["p": ["x": 0, "y": "u"], "z": 1], ["p": ["x": 0, "y": "u"], "z": 2],
                        ["p": ["x": 0, "y": "v"], "z": 1], ["p": ["x": 0, "y": "v"], "z": 2]])
        // The W&B run-config shape of the first point blocks it.
        let run = Fixture.trial(0, space, ["p": ["value": ["x": 0, "y": "u"]], "z": ["value": 1]])
        #expect(try Fixture.drainGrid(space, trials: [run]).first == ["p": ["x": 0, "y": "u"], "z": 2])
    }

    @Test func fact14NestedParamDict() throws {
        let space = SearchSpace(parameters: [Fixture.values("a.b", [1, 2]), Fixture.constant("a.c.d", 1)])
        let run = Fixture.trial(0, space, ["a": ["value": ["b": 1, "c": ["d": 1]]]])
        #expect(try Fixture.drainGrid(space, trials: [run]) == [["a": ["b": 2, "c": ["d": 1]]]])
    }
}
