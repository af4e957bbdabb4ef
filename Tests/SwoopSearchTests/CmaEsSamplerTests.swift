import Foundation
import SwoopConfig
import SwoopModel
import Testing
@testable import SwoopSearch

@Suite("CMA-ES sampler")
struct CmaEsSamplerTests {
    static let metric = MetricSpec(name: "loss")

    /// Runs the bare strategy for `generations` on f and returns the final mean.
    static func run(_ f: ([Double]) -> Double, n: Int, generations: Int, seed: UInt64) -> CmaEsState {
        var state = CmaEsState(mean: Array(repeating: 0.5, count: n), sigma: 1.0 / 6, popsize: nil)
        var rng = SeededRandom(seed: seed)
        for _ in 0..<generations {
            let xs = (0..<state.popsize).map { _ in state.sample(rng: &rng) }
            state.tell(xs.map { ($0, f($0)) })
        }
        return state
    }

    @Test func eigenDecompositionReconstructsTheMatrix() {
        let a: [Double] = [4, 1, 0.5, 1, 3, 0.2, 0.5, 0.2, 2]
        let e = SymmetricEigen(a, n: 3)
        for i in 0..<3 {
            for j in 0..<3 {
                var v = 0.0
                for k in 0..<3 { v += e.vectors[i * 3 + k] * e.values[k] * e.vectors[j * 3 + k] }
                #expect(abs(v - a[i * 3 + j]) < 1e-12)
            }
        }
        #expect(abs(e.values.reduce(0, +) - 9) < 1e-12)
    }

    @Test func convergesOnASphere() {
        let target = [0.3, 0.7, 0.45, 0.6, 0.2]
        let f: ([Double]) -> Double = { x in
            var sum = 0.0
            for (a, b) in zip(x, target) { sum += (a - b) * (a - b) }
            return sum
        }
        for seed in UInt64(1)...3 {
            let s = Self.run(f, n: 5, generations: 150, seed: seed)
            #expect(f(s.mean) < 1e-10, "seed \(seed): f(mean) = \(f(s.mean))")
        }
    }

    /// An ellipsoid with condition number 10^4: the covariance has to learn the scales.
    @Test func convergesOnAnEllipsoid() {
        let n = 4
        let f: ([Double]) -> Double = { x in
            var sum = 0.0
            for i in 0..<n {
                let scale: Double = pow(100, Double(i) / Double(n - 1))
                sum += scale * (x[i] - 0.4) * (x[i] - 0.4)
            }
            return sum
        }
        let s = Self.run(f, n: n, generations: 250, seed: 2)
        #expect(f(s.mean) < 1e-10, "f(mean) = \(f(s.mean))")
        let d = s.d.sorted()
        #expect(d.last! / d.first! > 10, "axis ratio \(d.last! / d.first!) should approach 100")
    }

    @Test func beatsRandomOnARotatedEllipsoid() throws {
        let space = SearchSpaceFixtures.space(["a": .uniform(min: -5, max: 5), "b": .uniform(min: -5, max: 5),
                                               "c": .uniform(min: -5, max: 5), "n": .intUniform(min: 0, max: 20)])
        let f: (JSONValue) -> Double = { p in
            let a = SearchSpaceFixtures.number(p, "a"), b = SearchSpaceFixtures.number(p, "b")
            let c = SearchSpaceFixtures.number(p, "c"), n = SearchSpaceFixtures.number(p, "n")
            return (a + b - 1) * (a + b - 1) + 10 * (a - b) * (a - b) + c * c + (n - 7) * (n - 7) / 10
        }
        var cma: [Double] = [], random: [Double] = []
        for seed in UInt64(1)...7 {
            cma.append(try SearchSpaceFixtures.bestAfter(120, space: space, sampler: CmaEsSampler(space: space, metric: Self.metric, seed: seed),
                                                        seed: seed, objective: f))
            random.append(try SearchSpaceFixtures.bestAfter(120, space: space, sampler: RandomSampler(), seed: seed, objective: f))
        }
        #expect(cma.sorted()[3] < 0.2 * random.sorted()[3], "CMA-ES \(cma.sorted()[3]) vs random \(random.sorted()[3])")
    }

    /// Asks without tells keep sampling the current generation; results told late still count.
    @Test func pendingTrialsDoNotBlockAGeneration() throws {
        let space = SearchSpaceFixtures.space(["x": .uniform(min: 0, max: 1), "y": .uniform(min: 0, max: 1),
                                               "o": .categorical(values: ["p", "q"], probabilities: nil)])
        var sampler = CmaEsSampler(space: space, metric: Self.metric, seed: 1)
        var trials: [Trial] = [Trial(number: 0, values: [.string("p"), 0.5, 0.5], state: .finished, value: 1)]
        for _ in 0..<20 {
            var rng = SeededRandom(seed: 1, stream: UInt64(trials.count))
            let p = try #require(try sampler.propose(SearchContext(space: space, metric: Self.metric, trials: trials), rng: &rng))
            trials.append(Trial(number: trials.count, values: p.values, state: .pending))
        }
        #expect(sampler.state?.generation == 0)
        #expect(Set(trials.dropFirst().map { $0.values[0] }).count == 2)
        for i in 1..<trials.count {
            trials[i].state = .finished
            trials[i].value = trials[i].values[1]!.number!
        }
        var rng = SeededRandom(seed: 1, stream: 99)
        _ = try sampler.propose(SearchContext(space: space, metric: Self.metric, trials: trials), rng: &rng)
        #expect(sampler.state?.generation == 1)
    }

    /// A flat objective stalls the strategy; IPOP restarts it with a doubled population.
    @Test func ipopRestartsWithALargerPopulation() throws {
        let space = SearchSpaceFixtures.space(["x": .uniform(min: 0, max: 1), "y": .uniform(min: 0, max: 1)])
        var settings = CmaEsSettings(restartStrategy: .ipop, popsize: 4)
        var sampler = CmaEsSampler(space: space, metric: Self.metric, settings: settings, seed: 3)
        var trials: [Trial] = []
        for _ in 0..<200 {
            var rng = SeededRandom(seed: 3, stream: UInt64(trials.count))
            let p = try #require(try sampler.propose(SearchContext(space: space, metric: Self.metric, trials: trials), rng: &rng))
            trials.append(Trial(number: trials.count, values: p.values, state: .finished, value: 1))
        }
        #expect(sampler.state?.popsize == 8)
        settings.restartStrategy = nil
        var plain = CmaEsSampler(space: space, metric: Self.metric, settings: settings, seed: 3)
        trials = []
        for _ in 0..<200 {
            var rng = SeededRandom(seed: 3, stream: UInt64(trials.count))
            let p = try #require(try plain.propose(SearchContext(space: space, metric: Self.metric, trials: trials), rng: &rng))
            trials.append(Trial(number: trials.count, values: p.values, state: .finished, value: 1))
        }
        #expect(plain.state?.popsize == 4)
    }
}
