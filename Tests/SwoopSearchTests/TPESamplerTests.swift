import Foundation
import SwoopConfig
import SwoopModel
import Testing
@testable import SwoopSearch

@Suite("TPE sampler")
struct TPESamplerTests {
    static let metric = MetricSpec(name: "loss")

    static func finished(_ number: Int, _ space: SearchSpace, _ values: [JSONValue], _ value: Double) -> Trial {
        Trial(number: number, values: values, state: .finished, value: value)
    }

    /// The estimator Optuna 5.0 builds for x ∈ [0, 1], k ∈ {0..4}, c ∈ {0, 1, 2} from three
    /// observations (values printed by `optuna.samplers._tpe.parzen_estimator._ParzenEstimator`).
    @Test func parzenEstimatorMatchesOptuna() {
        let pe = ParzenEstimator(observations: [[0.2, 0, 2], [0.5, 3, 2], [0.9, 4, 0]],
                                 axes: [.numeric(low: 0, high: 1, step: nil), .numeric(low: 0, high: 4, step: 1),
                                        .categorical(count: 3)],
                                 settings: TPESettings())
        #expect(pe.weights == [0.25, 0.25, 0.25, 0.25])
        // Larger neighbour gap, the outer kernels their inner gap, clipped to range / min(100, n + 2).
        #expect(pe.mus[0] == [0.2, 0.5, 0.9, 0.5])
        #expect(zip(pe.sigmas[0], [0.3, 0.4, 0.4, 1.0]).allSatisfy { abs($0 - $1) < 1e-15 })
        #expect(pe.mus[1] == [0, 3, 4, 1.5 + 0.5])
        #expect(pe.sigmas[1] == [3, 3, 1, 5])
        let seventh = 1.0 / 7
        for (row, expected) in zip((0..<4).map { pe.row(axis: 2, component: $0) }, [[seventh, seventh, 5 * seventh], [seventh, seventh, 5 * seventh],
                                                        [5 * seventh, seventh, seventh], [1.0 / 3, 1.0 / 3, 1.0 / 3]]) {
            #expect(zip(row, expected).allSatisfy { abs($0 - $1) < 1e-12 })
        }
        #expect(abs(pe.logPDF([0.3, 1, 2]) - -2.03679305) < 1e-7)
        #expect(abs(pe.logPDF([0.95, 4, 1]) - -2.91831077) < 1e-7)
    }

    @Test func bandwidthRules() {
        let s = TPESettings()
        // One observation: both gaps count, the clip is range / 3.
        #expect(ParzenEstimator.bandwidths([0.5], low: 0, high: 1, settings: s) == [0.5])
        #expect(ParzenEstimator.bandwidths([0.1], low: 0, high: 1, settings: s) == [0.9])
        // consider_endpoints lets the outer kernels use the gap to the bound when it is larger.
        var e = s
        e.considerEndpoints = true
        #expect(ParzenEstimator.bandwidths([0.2, 0.3], low: 0, high: 1, settings: e).map { ($0 * 1e12).rounded() / 1e12 } == [0.25, 0.7])
        #expect(ParzenEstimator.bandwidths([0.2, 0.3], low: 0, high: 1, settings: s).map { ($0 * 1e12).rounded() / 1e12 } == [0.25, 0.25])
        // Without the magic clip, near-duplicates keep tiny bandwidths.
        var m = s
        m.considerMagicClip = false
        #expect(ParzenEstimator.bandwidths([0.5, 0.5 + 1e-9, 0.5 + 2e-9], low: 0, high: 1, settings: m)[1] < 1e-8)
    }

    @Test func weightsRampForOldTrials() {
        #expect(ParzenEstimator.defaultWeights(0).isEmpty)
        #expect(ParzenEstimator.defaultWeights(24) == Array(repeating: 1, count: 24))
        let w = ParzenEstimator.defaultWeights(30)
        #expect(w.count == 30)
        #expect(abs(w[0] - 1.0 / 30) < 1e-15 && abs(w[1] - 0.275) < 1e-12 && w[4] == 1 && w[29] == 1)
    }

    /// γ = 0.5 to make the split visible: complete trials first by value, then pruned ones by
    /// their furthest step and its value; pending go to the bad group, failed ones nowhere.
    @Test func splitFollowsOptuna() {
        let space = SearchSpaceFixtures.space(["x": .uniform(min: 0, max: 1)])
        var s = TPESettings()
        s.gamma = 0.5
        let trials = [
            Self.finished(0, space, [0.1], 3.0),
            Trial(number: 1, values: [0.2], state: .stopped, reports: [Report(step: 5, value: 0.1)]),
            Self.finished(2, space, [0.3], 1.0),
            Trial(number: 3, values: [0.4], state: .stopped, reports: [Report(step: 10, value: 9), Report(step: 10, value: 2)]),
            Trial(number: 4, values: [0.5], state: .failed),
            Trial(number: 5, values: [0.6], state: .pending),
            Trial(number: 6, values: [0.7], state: .stopped, reports: [Report(step: 10, value: 4)]),
            Trial(number: 7, values: [0.8], state: .stopped),
        ]
        let tpe = TPESampler(space: space, metric: Self.metric, settings: s)
        let split = tpe.split(trials)
        #expect(split.told == 6)
        #expect(split.below == [0, 2, 3])
        #expect(split.above == [1, 5, 6, 7])
        let maximize = TPESampler(space: space, metric: MetricSpec(name: "acc", goal: .maximize), settings: s).split(trials)
        #expect(maximize.below == [0, 2, 6])
        s.constantLiar = false
        #expect(!TPESampler(space: space, metric: Self.metric, settings: s).split(trials).above.contains(5))
        // Optuna's default γ: ceil(0.1 n) good trials, at most 25.
        let many = (0..<300).map { Self.finished($0, space, [.double(Double($0) / 300)], Double($0)) }
        let split300 = TPESampler(space: space, metric: Self.metric).split(many)
        #expect(split300.below == Array(0..<25))
        #expect(TPESampler(space: space, metric: Self.metric).split(Array(many.prefix(42))).below == [0, 1, 2, 3, 4])
    }

    @Test func startupTrialsAreRandom() throws {
        let space = SearchSpaceFixtures.space(["x": .uniform(min: -5, max: 10), "o": .categorical(values: ["a", "b"], probabilities: nil)])
        var tpe = TPESampler(space: space, metric: Self.metric)
        var random = RandomSampler()
        let trials = (0..<9).map { i -> Trial in
            let values: [JSONValue] = ["a", .double(Double(i))]
            return Self.finished(i, space, values, Double(i))
        }
        let context = SearchContext(space: space, metric: Self.metric, trials: trials)
        var r1 = SeededRandom(seed: 3), r2 = SeededRandom(seed: 3)
        #expect(try tpe.propose(context, rng: &r1) == random.propose(context, rng: &r2))
    }

    /// Eight asks with nothing told in between: the liar puts each pending point into the bad
    /// group, so the next candidates avoid it and the batch spreads out.
    @Test func constantLiarSpreadsPendingPoints() throws {
        let space = SearchSpaceFixtures.space(["x": .uniform(min: 0, max: 1), "y": .uniform(min: 0, max: 1)])
        func spread(liar: Bool, seed: UInt64) throws -> Double {
            var s = TPESettings()
            s.constantLiar = liar
            var tpe = TPESampler(space: space, metric: Self.metric, settings: s)
            var rng = SeededRandom(seed: seed)
            var trials = (0..<30).map { i -> Trial in
                let x = rng.uniform(), y = rng.uniform()
                return Self.finished(i, space, [.double(x), .double(y)], (x - 0.3) * (x - 0.3) + (y - 0.6) * (y - 0.6))
            }
            var batch: [[Double]] = []
            for k in 0..<8 {
                var r = SeededRandom(seed: seed, stream: UInt64(100 + k))
                let p = try #require(try tpe.propose(SearchContext(space: space, metric: Self.metric, trials: trials), rng: &r))
                batch.append(p.values.map { $0.number! })
                trials.append(Trial(number: trials.count, values: p.values, state: .pending))
            }
            var total = 0.0
            for i in batch.indices {
                total += batch.indices.filter { $0 != i }.map { j in hypot(batch[i][0] - batch[j][0], batch[i][1] - batch[j][1]) }.min()!
            }
            return total / Double(batch.count)
        }
        var withLiar = 0.0, without = 0.0
        for seed in UInt64(1)...6 {
            withLiar += try spread(liar: true, seed: seed)
            without += try spread(liar: false, seed: seed)
        }
        #expect(withLiar > 1.3 * without, "mean nearest-neighbour distance \(withLiar / 6) vs \(without / 6)")
    }

    @Test func beatsRandomOnBranin() throws {
        let space = SearchSpaceFixtures.space(["x0": .uniform(min: -5, max: 10), "x1": .uniform(min: 0, max: 15)])
        let f: (JSONValue) -> Double = { SearchSpaceFixtures.branin(SearchSpaceFixtures.number($0, "x0"), SearchSpaceFixtures.number($0, "x1")) }
        var tpe: [Double] = [], random: [Double] = []
        for seed in UInt64(1)...9 {
            tpe.append(try SearchSpaceFixtures.bestAfter(60, space: space, sampler: TPESampler(space: space, metric: Self.metric), seed: seed, objective: f))
            random.append(try SearchSpaceFixtures.bestAfter(60, space: space, sampler: RandomSampler(), seed: seed, objective: f))
        }
        let medianTPE = tpe.sorted()[4] - SearchSpaceFixtures.braninMinimum
        let medianRandom = random.sorted()[4] - SearchSpaceFixtures.braninMinimum
        #expect(medianTPE < 0.5 * medianRandom, "TPE regret \(medianTPE), random \(medianRandom)")
    }

    /// A categorical with one good value and a log-scale optimum: the model should find both.
    @Test func learnsCategoricalsAndLogScales() throws {
        let space = SearchSpaceFixtures.space(["lr": .logUniformValues(min: 1e-6, max: 1),
                                               "opt": .categorical(values: ["sgd", "adam", "rmsprop", "adagrad"], probabilities: nil)])
        let f: (JSONValue) -> Double = { p in
            let l = log10(SearchSpaceFixtures.number(p, "lr")) + 3
            return l * l + (p["opt"] == "adam" ? 0 : 1)
        }
        for independent in [false, true] {
            var s = TPESettings()
            s.multivariate = !independent
            var best: [Double] = []
            for seed in UInt64(1)...5 {
                best.append(try SearchSpaceFixtures.bestAfter(60, space: space, sampler: TPESampler(space: space, metric: Self.metric, settings: s),
                                                             seed: seed, objective: f))
            }
            #expect(best.sorted()[2] < 0.05, "multivariate \(!independent): \(best)")
        }
    }

    /// Every W&B distribution, nested parameters and constants: proposals stay valid and encodable.
    @Test func everyDistributionIsMappedAndProposalsAreValid() throws {
        let q = Quantum(step: 0.5, isInteger: false), qi = Quantum(step: 2, isInteger: true)
        let parameters: [ParameterSpec] = [
            Fixture.spec("a.uniform", .uniform(min: -1, max: 1)),
            Fixture.spec("a.int", .intUniform(min: -3, max: 3)),
            Fixture.spec("a.q", .qUniform(min: 0, max: 10, q: qi)),
            Fixture.spec("b.log", .logUniform(min: -5, max: 0)),
            Fixture.spec("b.logv", .logUniformValues(min: 1e-4, max: 1)),
            Fixture.spec("b.qlogv", .qLogUniformValues(min: 1, max: 100, q: q)),
            Fixture.spec("b.inv", .invLogUniformValues(min: 1e-3, max: 1)),
            Fixture.spec("c.normal", .normal(mu: 3, sigma: 2)),
            Fixture.spec("c.qnormal", .qNormal(mu: 0, sigma: 1, q: q)),
            Fixture.spec("c.lognormal", .logNormal(mu: 0, sigma: 1)),
            Fixture.spec("c.beta", .beta(a: 2, b: 5)),
            Fixture.spec("c.qbeta", .qBeta(a: 2, b: 2, q: Quantum(step: 0.1, isInteger: false))),
            Fixture.spec("d.cat", .categorical(values: [1, "two", 3.5, ["x": 1]], probabilities: [0.1, 0.2, 0.3, 0.4])),
            Fixture.spec("d.one", .categorical(values: ["only"], probabilities: nil)),
            Fixture.constant("d.const", 7),
        ]
        let space = SearchSpace(parameters: parameters)
        let encoding = SamplerSpace(space: space)
        #expect(encoding.dimensions.count == 13)
        var study = Study(config: SweepConfig(method: .custom, metric: Self.metric, space: space, sampler: .tpe(TPESettings())),
                          seed: 5, sampler: TPESampler(space: space, metric: Self.metric), pruner: nil)
        for _ in 0..<40 {
            guard case .trial(let n, let params, _) = try study.ask() else { Issue.record("no trial"); return }
            let values = space.flatten(params)
            #expect(encoding.encode(values) != nil, "\(params)")
            #expect(params["d"]?["const"] == 7 && params["d"]?["one"] == "only")
            let u = params["a"]!["uniform"]!.number!, k = params["a"]!["int"]!
            #expect(u >= -1 && u <= 1)
            if case .int(let i) = k { #expect((-3...3).contains(i)) } else { Issue.record("int_uniform gave \(k)") }
            if case .int(let i) = params["a"]!["q"]! { #expect(i % 2 == 0 && (0...10).contains(i)) } else { Issue.record("q_uniform") }
            let lv = params["b"]!["logv"]!.number!
            #expect(lv >= 1e-4 && lv <= 1)
            let beta = params["c"]!["beta"]!.number!
            #expect(beta >= 0 && beta <= 1)
            #expect([1, "two", 3.5, ["x": 1]].contains(params["d"]!["cat"]!))
            // An objective over a few of them, so the model has something to learn.
            try study.tell(n, value: abs(u - 0.25) + abs(log10(lv) + 2) + (params["d"]!["cat"] == "two" ? 0 : 1))
        }
        #expect(study.trials.allSatisfy { $0.state == .finished })
    }

    @Test func failedAndCrashedTrialsAreLeftOut() throws {
        let space = SearchSpaceFixtures.space(["x": .uniform(min: 0, max: 1)])
        var trials = (0..<20).map { Self.finished($0, space, [.double(Double($0) / 20)], abs(Double($0) / 20 - 0.5)) }
        var tpe = TPESampler(space: space, metric: Self.metric)
        var r1 = SeededRandom(seed: 8)
        let before = try tpe.propose(SearchContext(space: space, metric: Self.metric, trials: trials), rng: &r1)
        trials += [Trial(number: 20, values: [0.01], state: .failed), Trial(number: 21, values: [0.99], state: .crashed)]
        var r2 = SeededRandom(seed: 8)
        #expect(try tpe.propose(SearchContext(space: space, metric: Self.metric, trials: trials), rng: &r2) == before)
    }

    @Test func deterministicForASeed() throws {
        let space = SearchSpaceFixtures.space(["x0": .uniform(min: -5, max: 10), "x1": .intUniform(min: 0, max: 15),
                                               "c": .categorical(values: [1, 2, 3], probabilities: nil)])
        func run(_ seed: UInt64) throws -> [JSONValue] {
            var study = Study(config: SweepConfig(method: .custom, metric: Self.metric, space: space), seed: seed,
                              sampler: TPESampler(space: space, metric: Self.metric), pruner: nil)
            var out: [JSONValue] = []
            for _ in 0..<25 {
                guard case .trial(let n, let p, _) = try study.ask() else { break }
                out.append(p)
                try study.tell(n, value: SearchSpaceFixtures.number(p, "x0") * SearchSpaceFixtures.number(p, "x1"))
            }
            return out
        }
        #expect(try run(4) == run(4))
        #expect(try run(4) != run(5))
    }
}
