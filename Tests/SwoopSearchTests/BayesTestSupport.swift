import Foundation
import SwoopConfig
import SwoopModel
@testable import SwoopSearch

/// Spaces, objectives and drivers shared by the bayes tests.
enum SearchSpaceFixtures {
    static func space(_ parameters: KeyValuePairs<String, Distribution>) -> SearchSpace {
        SearchSpace(parameters: parameters.map { ParameterSpec(path: [$0.key], distribution: $0.value) })
    }

    /// Branin on [−5, 10] × [0, 15]; minimum 0.397887 at three points.
    static func branin(_ x0: Double, _ x1: Double) -> Double {
        let b = 5.1 / (4 * Double.pi * Double.pi), c = 5 / Double.pi, t = 1 / (8 * Double.pi)
        let u = x1 - b * x0 * x0 + c * x0 - 6
        return u * u + 10 * (1 - t) * cos(x0) + 10
    }
    static let braninMinimum = 0.39788735772973816

    static func number(_ params: JSONValue, _ key: String) -> Double { params[key]!.number! }

    /// Runs `budget` sequential ask/tell rounds and returns the best value seen.
    static func bestAfter(_ budget: Int, space: SearchSpace, sampler: any Sampler, seed: UInt64,
                          objective: (JSONValue) -> Double) throws -> Double {
        let config = SweepConfig(method: .bayes, metric: MetricSpec(name: "loss"), space: space)
        var study = Study(config: config, seed: seed, sampler: sampler, pruner: nil)
        var best = Double.infinity
        for _ in 0..<budget {
            guard case .trial(let n, let params, _) = try study.ask() else { break }
            let v = objective(params)
            best = min(best, v)
            try study.tell(n, value: v)
        }
        return best
    }
}

/// Uniform random search through the quantile maps: the baseline the bayes tests must beat.
struct UniformRandomSampler: Sampler {
    let space: SearchSpace
    mutating func propose(_ context: SearchContext, rng: inout SeededRandom) throws(SearchError) -> Proposal? {
        Proposal(values: space.parameters.map { $0.distribution.quantile(rng.uniform()) })
    }
}
