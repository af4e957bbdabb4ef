import SwoopConfig
import SwoopModel

/// Optuna's `QMCSampler`: trial k takes point k of a (scrambled) Sobol or Halton sequence over the
/// searched dimensions, mapped through each parameter's quantile map (equal cells for discrete
/// and categorical ones). It ignores results: a space-filling design, better spread than random.
public struct QMCSampler: Sampler {
    public let settings: QMCSettings
    let encoding: SamplerSpace
    private let sobol: SobolSequence?
    private let halton: HaltonSequence?

    /// The scramble is drawn once from the study seed, so every ask and every resume agree on it.
    public init(space: SearchSpace, settings: QMCSettings = QMCSettings(), seed: UInt64) throws(SearchError) {
        self.settings = settings
        encoding = SamplerSpace(space: space)
        let d = encoding.dimensions.count
        var rng: SeededRandom? = settings.scramble ? SeededRandom(seed: seed, stream: 0x514D_4353) : nil
        switch settings.qmcType {
        case .sobol:
            guard d <= SobolSequence.maxDimension else {
                throw SearchError("QMCSampler: Sobol points are available for up to \(SobolSequence.maxDimension) searched parameters (this space has \(d)); use qmc_type: halton")
            }
            sobol = SobolSequence(dimension: d, scrambleWith: &rng)
            halton = nil
        case .halton:
            halton = HaltonSequence(dimension: d, scrambleWith: &rng)
            sobol = nil
        }
    }

    /// Point `index` of the configured sequence in the unit cube of the searched dimensions.
    func unitPoint(_ index: Int) -> [Double] {
        sobol?.point(index) ?? halton!.point(index)
    }

    public mutating func propose(_ context: SearchContext, rng: inout SeededRandom) throws(SearchError) -> Proposal? {
        Proposal(values: encoding.decode(unit: unitPoint(context.trials.count)))
    }
}
