import SwoopConfig
import SwoopModel

/// W&B's `random` method: stateless, each parameter independently through its quantile map.
public struct RandomSampler: Sampler {
    public init() {}

    public mutating func propose(_ context: SearchContext, rng: inout SeededRandom) throws(SearchError) -> Proposal? {
        // Constants draw nothing, so adding or removing one leaves the other parameters' draws alone.
        let values = context.space.parameters.map { spec -> JSONValue in
            if case .constant(let v) = spec.distribution { return v }
            return spec.distribution.quantile(rng.uniform())
        }
        return Proposal(values: values)
    }
}
