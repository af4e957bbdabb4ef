import Foundation
import Testing
import SwoopConfig
import SwoopModel
@testable import SwoopSearch

@Suite("Bayes sampler")
struct BayesSamplerTests {
    static let braninSpace = SearchSpaceFixtures.space(["x0": .uniform(min: -5, max: 10), "x1": .uniform(min: 0, max: 15)])

    static func branin(_ p: JSONValue) -> Double {
        SearchSpaceFixtures.branin(SearchSpaceFixtures.number(p, "x0"), SearchSpaceFixtures.number(p, "x1"))
    }

    @Test func imputationFollowsWandBRules() throws {
        // Conformance fact 39.
        let space = SearchSpaceFixtures.space(["x": .uniform(min: 0, max: 1)])
        let e = try BayesEncoding(space: space)
        let trials = [
            Trial(number: 0, values: [0.1], state: .finished, value: 3, reports: [Report(step: 0, value: 5)]),
            Trial(number: 1, values: [0.2], state: .finished, value: 4, reports: [Report(step: 0, value: 9)]),
            Trial(number: 2, values: [0.3], state: .crashed),
            Trial(number: 3, values: [0.4], state: .running),
            Trial(number: 4, values: [0.5], state: .pending),
        ]
        let minimize = BayesObservations(trials: trials, metric: MetricSpec(name: "m"), encoding: e)
        #expect(minimize.values == [3, 4, 9])
        #expect(minimize.pending == [[0.4], [0.5]])
        #expect(minimize.imputedCount == 1)
        let maximize = BayesObservations(trials: trials, metric: MetricSpec(name: "m", goal: .maximize), encoding: e)
        #expect(maximize.values == [-5, -9, -3])

        let running = BayesObservations(trials: trials, metric: MetricSpec(name: "m", imputeWhileRunning: .worst),
                                        encoding: e)
        #expect(running.values == [3, 4, 9, 9])
        #expect(running.pending == [[0.5]])

        // impute: latest takes the failed run's last logged value; with none it uses the worst.
        let failed = [
            Trial(number: 0, values: [0.1], state: .finished, value: 2),
            Trial(number: 1, values: [0.2], state: .failed, reports: [Report(step: 0, value: 5), Report(step: 1, value: 1)]),
            Trial(number: 2, values: [0.3], state: .stopped),
        ]
        let latest = BayesObservations(trials: failed, metric: MetricSpec(name: "m", impute: .latest), encoding: e)
        #expect(latest.values == [2, 1, 5])
    }

    @Test func failedTrialsPushTheSearchAway() throws {
        // Everything right of 0.5 fails; after a few failures the sampler must keep proposing left.
        let space = SearchSpaceFixtures.space(["x": .uniform(min: 0, max: 1)])
        let config = SweepConfig(method: .bayes, metric: MetricSpec(name: "loss"), space: space)
        var study = Study(config: config, seed: 4, sampler: try BayesSampler(space: space, metric: config.metric!),
                          pruner: nil)
        var lateFailures = 0
        for i in 0..<25 {
            guard case .trial(let n, let p, _) = try study.ask() else { Issue.record("no trial"); return }
            let x = p["x"]!.number!
            if x > 0.5 {
                try study.tell(n, state: .failed)
                if i >= 15 { lateFailures += 1 }
            } else {
                try study.tell(n, value: (x - 0.45) * (x - 0.45))
            }
        }
        #expect(lateFailures <= 2)
    }

    @Test func pendingAsksSpreadOut() throws {
        let config = SweepConfig(method: .bayes, metric: MetricSpec(name: "loss"), space: Self.braninSpace)
        for seed: UInt64 in [1, 2, 3] {
            var study = Study(config: config, seed: seed,
                              sampler: try BayesSampler(space: Self.braninSpace, metric: config.metric!), pruner: nil)
            for _ in 0..<12 {
                guard case .trial(let n, let p, _) = try study.ask() else { return }
                try study.tell(n, value: Self.branin(p))
            }
            var batch: [[Double]] = []
            for _ in 0..<4 {
                guard case .trial(_, let p, _) = try study.ask() else { return }
                batch.append([(p["x0"]!.number! + 5) / 15, p["x1"]!.number! / 15])
            }
            var closest = Double.infinity
            for i in 0..<4 {
                for j in 0..<i {
                    closest = min(closest, hypot(batch[i][0] - batch[j][0], batch[i][1] - batch[j][1]))
                }
            }
            #expect(closest > 0.005, "seed \(seed): pending proposals piled up (closest pair \(closest))")
        }
    }

    @Test func sameSeedSameProposals() throws {
        func run() throws -> [JSONValue] {
            let config = SweepConfig(method: .bayes, metric: MetricSpec(name: "loss"), space: Self.braninSpace)
            var study = Study(config: config, seed: 9,
                              sampler: try BayesSampler(space: Self.braninSpace, metric: config.metric!), pruner: nil)
            var out: [JSONValue] = []
            for _ in 0..<10 {
                guard case .trial(let n, let p, _) = try study.ask() else { break }
                out.append(p)
                try study.tell(n, value: Self.branin(p))
            }
            return out
        }
        #expect(try run() == run())
    }

    @Test func mixedSpaceProposalsAreValid() throws {
        let space = SearchSpaceFixtures.space([
            "x": .uniform(min: -5, max: 5), "layers": .intUniform(min: 1, max: 8),
            "opt": .categorical(values: ["sgd", "adam", "rmsprop"], probabilities: nil),
            "flag": .categorical(values: [true, false], probabilities: nil),
            "c": .constant("fixed"),
        ])
        let objective: (JSONValue) -> Double = { p in
            let x = p["x"]!.number!, layers = p["layers"]!.number!
            let opt = p["opt"]! == "adam" ? 0.0 : 0.5
            let flag = p["flag"]! == false ? 0.0 : 0.3
            return (x - 1) * (x - 1) * 0.1 + 0.05 * (layers - 3) * (layers - 3) + opt + flag
        }
        let config = SweepConfig(method: .bayes, metric: MetricSpec(name: "loss"), space: space)
        var study = Study(config: config, seed: 5, sampler: try BayesSampler(space: space, metric: config.metric!),
                          pruner: nil)
        var best = Double.infinity
        for _ in 0..<30 {
            guard case .trial(let n, let p, _) = try study.ask() else { break }
            guard case .int(let layers) = p["layers"]! else { Issue.record("layers not an int: \(p)"); return }
            #expect((1...8).contains(layers))
            #expect(p["c"] == "fixed")
            #expect(p["flag"] == true || p["flag"] == false)
            let v = objective(p)
            best = min(best, v)
            try study.tell(n, value: v)
        }
        // Found adam with flag false, close to x = 1 and 3 layers.
        #expect(best < 0.05)
    }

    @Test func quadraticRegretBeatsRandom() throws {
        let space = SearchSpaceFixtures.space(["x": .uniform(min: -5, max: 5)])
        let f: (JSONValue) -> Double = { p in let x = p["x"]!.number! - 1.3; return x * x }
        var bayes: [Double] = [], random: [Double] = []
        for seed: UInt64 in 0..<5 {
            bayes.append(try SearchSpaceFixtures.bestAfter(25, space: space,
                sampler: try BayesSampler(space: space, metric: MetricSpec(name: "loss")), seed: seed, objective: f))
            random.append(try SearchSpaceFixtures.bestAfter(25, space: space,
                sampler: UniformRandomSampler(space: space), seed: seed, objective: f))
        }
        let bound = 1e-4
        #expect(bayes.sorted()[2] < bound, "bayes regrets \(bayes)")
        #expect(bayes.max()! < 1e-3, "bayes regrets \(bayes)")
        #expect(random.sorted()[2] > bound, "random regrets \(random)")
    }

    @Test func braninRegretBeatsRandom() throws {
        var bayes: [Double] = [], random: [Double] = []
        for seed: UInt64 in 0..<3 {
            bayes.append(try SearchSpaceFixtures.bestAfter(40, space: Self.braninSpace,
                sampler: try BayesSampler(space: Self.braninSpace, metric: MetricSpec(name: "loss")), seed: seed,
                objective: Self.branin) - SearchSpaceFixtures.braninMinimum)
            random.append(try SearchSpaceFixtures.bestAfter(40, space: Self.braninSpace,
                sampler: UniformRandomSampler(space: Self.braninSpace), seed: seed,
                objective: Self.branin) - SearchSpaceFixtures.braninMinimum)
        }
        let bound = 1e-3
        #expect(bayes.max()! < bound, "bayes regrets \(bayes)")
        #expect(random.sorted()[1] > bound, "random regrets \(random)")
    }
}

@Suite("Bayes sampler edge cases")
struct BayesSamplerEdgeCaseTests {
    static func run(_ space: SearchSpace, metric: MetricSpec = MetricSpec(name: "loss"), asks: Int,
                    tell: (Int, JSONValue, inout Study) throws -> Void) throws -> [(JSONValue, [String])] {
        let config = SweepConfig(method: .bayes, metric: metric, space: space)
        var study = Study(config: config, seed: 11, sampler: try BayesSampler(space: space, metric: metric), pruner: nil)
        var out: [(JSONValue, [String])] = []
        for _ in 0..<asks {
            guard case .trial(let n, let p, let notes) = try study.ask() else { break }
            out.append((p, notes))
            try tell(n, p, &study)
        }
        return out
    }

    @Test func categoricalOnlySpaceFindsTheBestCombination() throws {
        let space = SearchSpaceFixtures.space([
            "a": .categorical(values: ["x", "y", "z"], probabilities: nil),
            "b": .categorical(values: [true, false], probabilities: nil),
        ])
        let asked = try Self.run(space, asks: 15) { n, p, study in
            try study.tell(n, value: (p["a"] == "y" ? 0 : 1) + (p["b"] == false ? 0 : 0.5))
        }
        #expect(asked.contains { $0.0["a"] == "y" && $0.0["b"] == false })
        #expect(asked.allSatisfy { $0.1.isEmpty })
    }

    @Test func unboundedFamiliesAndMaximizeStayFiniteAndClimb() throws {
        let space = SearchSpaceFixtures.space([
            "n": .normal(mu: 2, sigma: 1), "ln": .logNormal(mu: 0, sigma: 1), "b": .beta(a: 2, b: 2),
            "q": .qNormal(mu: 0, sigma: 3, q: Quantum(step: 1, isInteger: true)),
        ])
        var values: [Double] = []
        let asked = try Self.run(space, metric: MetricSpec(name: "acc", goal: .maximize), asks: 30) { n, p, study in
            let v = -pow(p["n"]!.number! - 2.5, 2) - pow(log(p["ln"]!.number!), 2) - pow(p["b"]!.number! - 0.3, 2)
                - 0.1 * abs(p["q"]!.number!)
            values.append(v)
            try study.tell(n, value: v)
        }
        for (p, _) in asked {
            #expect(p["n"]!.number!.isFinite && p["ln"]!.number! > 0)
            guard case .int = p["q"]! else { Issue.record("q_normal with integer q must give integers: \(p)"); return }
        }
        // Maximizing: the last ten are better on the whole than the first ten.
        #expect(values.suffix(10).max()! > values.prefix(10).max()!)
    }

    @Test func allFailuresKeepProposingWithANote() throws {
        let space = SearchSpaceFixtures.space(["x": .uniform(min: 0, max: 1)])
        let asked = try Self.run(space, asks: 8) { n, _, study in try study.tell(n, state: .crashed) }
        #expect(asked.count == 8)
        #expect(asked.suffix(3).allSatisfy { $0.1.contains { $0.contains("space-filling") } })
        #expect(Set(asked.map { $0.0["x"]! }).count == 8)
    }

    @Test func constantObjectiveDoesNotBreakTheModel() throws {
        let space = SearchSpaceFixtures.space(["x": .uniform(min: 0, max: 1), "k": .intUniform(min: 0, max: 3)])
        let asked = try Self.run(space, asks: 12) { n, _, study in try study.tell(n, value: 1) }
        #expect(asked.count == 12)
        #expect(asked.allSatisfy { $0.1.isEmpty })
    }
}
