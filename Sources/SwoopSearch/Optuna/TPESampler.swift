import SwoopConfig
import SwoopModel

/// Optuna's Tree-structured Parzen Estimator (`TPESampler`, 5.0): after `n_startup_trials` random
/// points, the told trials are split into the best min(ceil(γ·n), 25) and the rest, a Parzen
/// estimator is fitted to each, and the candidate from the good one with the highest l(x)/g(x) wins.
///
/// Multivariate (the default) samples every parameter jointly from one product-kernel mixture;
/// otherwise each parameter is chosen on its own. With the constant liar, pending and running
/// trials join the bad group, so parallel asks do not pile onto the same point. Trial states map
/// as Optuna's: finished is complete, stopped is pruned (ranked by its last report after every
/// complete trial), failed and crashed are left out, pending, running and preempted are running.
public struct TPESampler: Sampler {
    public let metric: MetricSpec
    public let settings: TPESettings
    let encoding: SamplerSpace
    /// Encoded values by position in the history, with the values they encode (checked on reuse),
    /// so a long sweep does not re-run CDFs over every trial on every ask.
    private var encoded: [(values: [JSONValue?], point: [Double]?)] = []

    public init(space: SearchSpace, metric: MetricSpec, settings: TPESettings = TPESettings()) {
        self.metric = metric
        self.settings = settings
        self.encoding = SamplerSpace(space: space)
    }

    /// The split of the history Optuna's `_split_trials` makes: positions in `trials` of the good
    /// and the bad group, each in trial order, and the number of told (complete or pruned) trials.
    func split(_ trials: [Trial]) -> (below: [Int], above: [Int], told: Int) {
        let sign: Double = metric.goal == .maximize ? -1 : 1
        var complete: [(number: Int, value: Double)] = []
        var pruned: [(number: Int, step: Int, value: Double)] = []
        var running: [Int] = []
        for (i, t) in trials.enumerated() {
            switch t.state {
            case .finished:
                guard let v = t.value ?? t.observedValues.last else { continue }
                complete.append((i, sign * v))
            case .stopped:
                // Optuna ranks pruned trials by their furthest step, then that step's value.
                if let last = t.reports.enumerated().max(by: { ($0.element.step, $0.offset) < ($1.element.step, $1.offset) })?.element {
                    pruned.append((i, last.step, last.value.isNaN ? .infinity : sign * last.value))
                } else {
                    pruned.append((i, -1, 0))  // Optuna's score (1, 0): after every reported one
                }
            case .pending, .running, .preempted:
                if settings.constantLiar { running.append(i) }
            case .failed, .crashed:
                continue
            }
        }
        let told = complete.count + pruned.count
        var nBelow = settings.goodCount(of: told)
        // Stable sorts keep trial order among ties, as Python's `sorted` does.
        let sortedComplete = complete.enumerated().sorted { ($0.element.value, $0.offset) < ($1.element.value, $1.offset) }.map(\.element.number)
        let sortedPruned = pruned.enumerated().sorted {
            let l = (-$0.element.step, $0.element.value), r = (-$1.element.step, $1.element.value)
            return l != r ? l < r : $0.offset < $1.offset
        }.map(\.element.number)
        var below: [Int] = [], above: [Int] = []
        let takeComplete = min(nBelow, sortedComplete.count)
        below += sortedComplete.prefix(takeComplete)
        above += sortedComplete.dropFirst(takeComplete)
        nBelow -= takeComplete
        let takePruned = min(nBelow, sortedPruned.count)
        below += sortedPruned.prefix(takePruned)
        above += sortedPruned.dropFirst(takePruned)
        above += running
        return (below.sorted(), above.sorted(), told)
    }

    private var axes: [ParzenEstimator.Axis] {
        encoding.dimensions.map { dimension in
            switch dimension {
            case .continuous: return .numeric(low: 0, high: 1, step: nil)
            case .integer(_, _, let n), .quantized(_, _, let n, _): return .numeric(low: 0, high: n - 1, step: 1)
            case .categorical(_, let values, _): return .categorical(count: values.count)
            }
        }
    }

    public mutating func propose(_ context: SearchContext, rng: inout SeededRandom) throws(SearchError) -> Proposal? {
        let (below, above, told) = split(context.trials)
        if told < settings.nStartupTrials || encoding.dimensions.isEmpty {
            var random = RandomSampler()
            return try random.propose(context, rng: &rng)
        }
        if encoded.count > context.trials.count { encoded.removeLast(encoded.count - context.trials.count) }
        for (i, t) in context.trials.enumerated() {
            if i < encoded.count {
                if encoded[i].values != t.values { encoded[i] = (t.values, encoding.encode(t.values)) }
            } else {
                encoded.append((t.values, encoding.encode(t.values)))
            }
        }
        // Optuna leaves out trials that lack a parameter of the group; here, values it cannot place.
        let good = below.compactMap { encoded[$0].point }
        let bad = above.compactMap { encoded[$0].point }
        let axes = self.axes

        var chosen: [Double]
        if settings.multivariate {
            chosen = best(good: good, bad: bad, axes: axes, rng: &rng)
        } else {
            chosen = []
            for a in axes.indices {
                chosen += best(good: good.map { [$0[a]] }, bad: bad.map { [$0[a]] }, axes: [axes[a]], rng: &rng)
            }
        }
        return Proposal(values: encoding.decode(chosen))
    }

    /// The candidate from the good estimator that maximizes log l(x) − log g(x) (first on ties).
    func best(good: [[Double]], bad: [[Double]], axes: [ParzenEstimator.Axis], rng: inout SeededRandom) -> [Double] {
        let l = ParzenEstimator(observations: good, axes: axes, settings: settings)
        let g = ParzenEstimator(observations: bad, axes: axes, settings: settings)
        let candidates = l.sample(settings.nEICandidates, rng: &rng)
        var bestIndex = 0, bestScore = -Double.infinity
        for (i, x) in candidates.enumerated() {
            let score = l.logPDF(x) - g.logPDF(x)
            if score > bestScore || (i == 0 && score.isNaN) {
                bestScore = score
                bestIndex = i
            }
        }
        return candidates[bestIndex]
    }
}
