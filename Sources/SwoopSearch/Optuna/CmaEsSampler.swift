import SwoopConfig
import SwoopModel

/// Optuna's `CmaEsSampler`: CMA-ES over the numeric parameters on the unit cube (int_uniform and
/// q_uniform as cells of it), categorical parameters drawn independently at random, as Optuna does.
///
/// Ask and tell run in generations: each ask samples from the current distribution and is tagged
/// with its generation; once `popsize` trials of that generation are complete, the first `popsize`
/// of them (by trial number) update the distribution. Pending, failed and stopped trials never
/// block a generation, since later asks keep sampling it. The state lives in the sampler: a
/// sampler built over an existing history (a resumed sweep) starts a fresh run at the cube's centre.
public struct CmaEsSampler: Sampler {
    public let metric: MetricSpec
    public let settings: CmaEsSettings
    let encoding: SamplerSpace
    let seed: UInt64
    /// Positions in `encoding.dimensions` that CMA-ES models.
    private let numeric: [Int]
    private(set) var state: CmaEsState?
    private var restarts = 0
    /// The (restart, generation) each trial number was sampled in.
    private var tags: [Int: Int] = [:]

    public init(space: SearchSpace, metric: MetricSpec, settings: CmaEsSettings = CmaEsSettings(), seed: UInt64) {
        self.metric = metric
        self.settings = settings
        self.seed = seed
        let encoding = SamplerSpace(space: space)
        self.encoding = encoding
        numeric = encoding.dimensions.indices.filter { !encoding.dimensions[$0].isCategorical }
    }

    private var tag: Int { restarts << 32 | (state?.generation ?? 0) }

    public mutating func propose(_ context: SearchContext, rng: inout SeededRandom) throws(SearchError) -> Proposal? {
        let sign: Double = metric.goal == .maximize ? -1 : 1
        var complete: [(number: Int, value: Double)] = []
        for t in context.trials where t.state == .finished {
            if let v = t.value ?? t.observedValues.last { complete.append((t.number, sign * v)) }
        }
        guard !numeric.isEmpty, complete.count >= settings.nStartupTrials else {
            var random = RandomSampler()
            return try random.propose(context, rng: &rng)
        }
        if state == nil {
            state = CmaEsState(mean: Array(repeating: 0.5, count: numeric.count), sigma: settings.sigma0 ?? 1.0 / 6,
                               popsize: settings.popsize)
        }
        let byNumber = Dictionary(context.trials.map { ($0.number, $0) }, uniquingKeysWith: { a, _ in a })
        let current = tag
        var solutions: [(x: [Double], value: Double)] = []
        for c in complete where tags[c.number] == current {
            guard let trial = byNumber[c.number], let z = encoding.encode(trial.values) else { continue }
            let u = encoding.unit(fromCoordinates: z)
            solutions.append((numeric.map { u[$0] }, c.value))
        }
        if solutions.count >= state!.popsize {
            state!.tell(Array(solutions.prefix(state!.popsize)))
            if settings.restartStrategy == .ipop, state!.shouldStop {
                restarts += 1
                var restartRNG = SeededRandom(seed: seed, stream: 0xC3A_0000 &+ UInt64(restarts))
                let popsize = state!.popsize * settings.incPopsize
                state = CmaEsState(mean: numeric.map { _ in restartRNG.uniform() }, sigma: settings.sigma0 ?? 1.0 / 6,
                                   popsize: popsize)
            }
        }
        let x = state!.sample(rng: &rng)
        var u = [Double](repeating: 0, count: encoding.dimensions.count)
        for (k, i) in numeric.enumerated() { u[i] = x[k] }
        for i in encoding.dimensions.indices where encoding.dimensions[i].isCategorical { u[i] = rng.uniform() }
        tags[context.trials.count] = tag
        return Proposal(values: encoding.decode(unit: u))
    }
}
