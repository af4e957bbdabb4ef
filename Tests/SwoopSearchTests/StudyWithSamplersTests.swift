import Testing
import SwoopConfig
import SwoopModel
@testable import SwoopSearch

/// The ask/tell engine driven by the W&B methods.
@Suite("Study with grid, random and hyperband")
struct StudyWithSamplersTests {
    static let gridSpace = SearchSpace(parameters: [Fixture.values("v1", [1, 2, 3]), Fixture.values("v2", [4, 5]),
                                                    Fixture.constant("c", "k")])
    static let randomSpace = SearchSpace(parameters: [
        Fixture.spec("lr", .logUniformValues(min: 1e-5, max: 1e-1)),
        Fixture.spec("layers", .intUniform(min: 1, max: 8)),
        Fixture.values("opt", ["adam", "sgd"]),
        Fixture.spec("dropout", .beta(a: 2, b: 5)),
    ])

    static func params(_ ask: Study.Ask) -> JSONValue? {
        if case .trial(_, let params, _) = ask { return params }
        return nil
    }

    @Test func exhaustedGridIsDoneAndPendingTrialsAreNeverRepeated() throws {
        var study = Study(config: SweepConfig(method: .grid, space: Self.gridSpace), seed: 1,
                          sampler: GridSampler(), pruner: nil)
        var seen: [JSONValue] = []
        for _ in 0..<6 {
            let p = try #require(Self.params(try study.ask()))
            #expect(!seen.contains(p))
            #expect(p["c"] == "k")
            seen.append(p)
        }
        #expect(try study.ask() == .done(reason: "the search space is exhausted"))
        #expect(study.trials.allSatisfy { $0.state == .pending })
        #expect(seen.first == ["v1": 1, "v2": 4, "c": "k"])
        #expect(seen.last == ["v1": 3, "v2": 5, "c": "k"])
    }

    @Test func failedGridPointsAreNotRetried() throws {
        var study = Study(config: SweepConfig(method: .grid, space: Self.gridSpace), seed: 1,
                          sampler: GridSampler(), pruner: nil)
        _ = try study.ask()
        try study.tell(0, state: .crashed)
        #expect(Self.params(try study.ask()) == ["v1": 1, "v2": 5, "c": "k"])
    }

    @Test func priorTrialsBlockTheirPoints() throws {
        var study = Study(config: SweepConfig(method: .grid, space: Self.gridSpace), seed: 1,
                          sampler: GridSampler(), pruner: nil)
        study.add(values: Self.gridSpace.flatten(["v1": ["value": 1], "v2": ["value": 4], "c": ["value": "k"]]),
                  state: .finished, value: 0.5)
        #expect(Self.params(try study.ask()) == ["v1": 1, "v2": 5, "c": "k"])
    }

    @Test func runCapEndsARandomSearch() throws {
        var study = Study(config: SweepConfig(method: .random, space: Self.randomSpace, runCap: 3), seed: 9,
                          sampler: RandomSampler(), pruner: nil)
        for n in 0..<3 {
            guard case .trial(let number, _, _) = try study.ask() else { Issue.record("ended early"); return }
            #expect(number == n)
            try study.tell(n, value: Double(n))
        }
        #expect(try study.ask() == .done(reason: "run_cap 3 reached"))
    }

    @Test func runCapBeforeGridExhaustion() throws {
        var study = Study(config: SweepConfig(method: .grid, space: Self.gridSpace, runCap: 2), seed: 1,
                          sampler: GridSampler(), pruner: nil)
        _ = try study.ask()
        _ = try study.ask()
        #expect(try study.ask() == .done(reason: "run_cap 2 reached"))
    }

    @Test func sameSeedSameAnswers() throws {
        func run(seed: UInt64) throws -> [JSONValue] {
            var study = Study(config: SweepConfig(method: .random, space: Self.randomSpace), seed: seed,
                              sampler: RandomSampler(), pruner: nil)
            return try (0..<20).map { n in
                let p = try #require(Self.params(try study.ask()))
                try study.tell(n, value: Double(n % 3))
                return p
            }
        }
        let a = try run(seed: 123), b = try run(seed: 123), c = try run(seed: 124)
        #expect(a == b)
        #expect(a != c)
        for p in a {
            let lr = try #require(p["lr"]?.number)
            #expect(lr >= 1e-5 * (1 - 1e-12) && lr <= 1e-1 * (1 + 1e-12))
            guard case .int(let layers) = p["layers"] else { Issue.record("layers not an int"); continue }
            #expect((1...8).contains(layers))
            #expect(p["opt"] == "adam" || p["opt"] == "sgd")
        }
    }

    @Test func randomNestedParametersComeBackNested() throws {
        let space = SearchSpace(parameters: [Fixture.spec("opt.lr", .uniform(min: 0, max: 1)),
                                             Fixture.constant("opt.name", "adam")])
        var study = Study(config: SweepConfig(method: .random, space: space), seed: 3,
                          sampler: RandomSampler(), pruner: nil)
        let p = try #require(Self.params(try study.ask()))
        #expect(p["opt"]?["name"] == "adam")
        #expect(p["opt"]?["lr"]?.number != nil)
    }

    @Test func hyperbandStopsAStragglerThroughReport() throws {
        let metric = MetricSpec(name: "loss")
        let spec = EarlyTerminateSpec(maxIter: 9, s: 2, eta: 3)
        let config = SweepConfig(method: .grid, metric: metric, space: Self.gridSpace, earlyTerminate: spec)
        var study = Study(config: config, seed: 1, sampler: GridSampler(),
                          pruner: try HyperbandPruner(spec, metric: metric))
        for n in 0..<3 {
            _ = try study.ask()
            for (step, v) in [5.0, 4, 3].enumerated() {
                #expect(try study.report(n, step: step, value: v - Double(n) * 0.1) == false)
            }
            try study.tell(n, value: 3)
        }
        _ = try study.ask()
        // Each earlier trial improved on the one before, so none was stopped.
        #expect(try study.report(3, step: 0, value: 4.7) == false)   // band 1: threshold 4.8, not above
        #expect(try study.report(3, step: 1, value: 9.0) == false)   // still judged at band 1 (strict)
        #expect(try study.report(3, step: 2, value: 8.0) == true)    // band 3: 8 > threshold 2.9
        #expect(study.trials[3].state == .running)
    }
}
