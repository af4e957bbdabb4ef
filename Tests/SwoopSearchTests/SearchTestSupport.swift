import SwoopConfig
import SwoopModel
@testable import SwoopSearch

/// Builders that keep the conformance tables readable.
enum Fixture {
    static func values(_ path: String, _ values: [JSONValue]) -> ParameterSpec {
        ParameterSpec(path: path.split(separator: ".").map(String.init),
                      distribution: .categorical(values: values, probabilities: nil))
    }

    static func spec(_ path: String, _ distribution: Distribution) -> ParameterSpec {
        ParameterSpec(path: path.split(separator: ".").map(String.init), distribution: distribution)
    }

    static func constant(_ path: String, _ value: JSONValue) -> ParameterSpec {
        spec(path, .constant(value))
    }

    /// A trial whose values are read from a run config, W&B shape (`{p: {"value": v}}`) or plain.
    static func trial(_ number: Int, _ space: SearchSpace, _ config: JSONValue,
                      state: TrialState = .finished) -> Trial {
        Trial(number: number, values: space.flatten(config), state: state)
    }

    /// Asks the grid until it is exhausted, recording each suggestion as a pending trial,
    /// and returns the suggestions as run configs (plain nesting).
    static func drainGrid(_ space: SearchSpace, trials: [Trial] = [], limit: Int = 100_000) throws -> [JSONValue] {
        var sampler = GridSampler()
        var trials = trials
        var out: [JSONValue] = []
        var rng = SeededRandom(seed: 0)
        while out.count < limit,
              let p = try sampler.propose(SearchContext(space: space, metric: nil, trials: trials), rng: &rng) {
            out.append(space.nested(p.values))
            trials.append(Trial(number: trials.count, values: p.values, state: .pending))
        }
        return out
    }

    /// Kolmogorov–Smirnov distance between a sample and a continuous CDF.
    static func ksDistance(_ sample: [Double], cdf: (Double) -> Double) -> Double {
        let sorted = sample.sorted()
        let n = Double(sorted.count)
        var d = 0.0
        for (i, x) in sorted.enumerated() {
            let f = cdf(x)
            d = max(d, abs(f - Double(i) / n), abs(Double(i + 1) / n - f))
        }
        return d
    }
}
