import SwoopConfig
import SwoopModel

/// W&B's hyperband early termination (reference §2.5): at the largest band an unfinished trial
/// has reached, stop it when its value there (strict) or its best so far (lenient) is worse
/// than the 1/eta quantile of every trial's value at that band.
public struct HyperbandPruner: Pruner {
    public let bands: [Int]
    public let eta: Double
    public let strict: Bool
    public let goal: Goal

    /// Bands beyond this are dropped from the `min_iter` form: no history gets that long, and
    /// larger values would not be exact (W&B computes 100 bands in unbounded integers).
    public static let maxBand = 1 << 53

    public init(_ spec: EarlyTerminateSpec, metric: MetricSpec?) throws(SearchError) {
        guard let metric else { throw SearchError("Hyperband stopping requires \"metric\" section") }
        guard spec.type == "hyperband" else {
            throw SearchError("Sweep config is not configured for hyperband stopping")
        }
        bands = try Self.bands(spec)
        eta = spec.eta
        strict = spec.strict
        goal = metric.goal
    }

    /// The bands (brackets) in ascending order: from `max_iter` and `s` (which win when both forms
    /// are given), else from `min_iter`.
    public static func bands(_ spec: EarlyTerminateSpec) throws(SearchError) -> [Int] {
        let eta = spec.eta
        // The schema requires eta > 1; W&B's engine would fail on a band list or an index otherwise.
        guard eta > 1, eta.isFinite else {
            throw SearchError("early_terminate.eta must be greater than 1 (got \(eta))")
        }
        var bands: [Int] = []
        if let maxIter = spec.maxIter, let s = spec.s {
            var band = Double(maxIter)
            // eta > 1 makes the band fall below 1 within ~64·log(2)/log(eta) steps, whatever s is.
            var remaining = s.isFinite ? max(0, s.rounded(.down)) : (s > 0 ? .infinity : 0)
            while remaining > 0 {
                band /= eta
                if band < 1 { break }
                bands.append(Int(band))
                remaining -= 1
            }
            bands.sort()
        } else if let minIter = spec.minIter {
            guard minIter >= 1 else {
                throw SearchError("early_terminate.min_iter must be at least 1 (got \(minIter))")
            }
            var band = Double(minIter)
            for _ in 0..<100 where band < Double(maxBand) {
                bands.append(Int(band))
                band *= eta
            }
        } else {
            throw SearchError("invalid config for hyperband stopping: either \"max_iter\" or \"min_iter\" must be specified")
        }
        guard !bands.isEmpty else {
            throw SearchError(
                "Bands must be an array of length at least 1. Try increasing s, decreasing eta, or increasing min_iter.")
        }
        return bands
    }

    /// Per band b, the value at index floor(count/eta) of the sorted b-th values of every history
    /// at least b long; +∞ where none is. Histories are in minimizing orientation.
    public static func thresholds(bands: [Int], eta: Double, histories: [[Double]]) -> [Double] {
        let r = 1.0 / eta
        return bands.map { band in
            let values = histories.compactMap { h in h.count >= band ? h[band - 1] : nil }.sorted()
            guard !values.isEmpty else { return .infinity }
            return values[Swift.min(Int(r * Double(values.count)), values.count - 1)]
        }
    }

    /// The thresholds for the bands, from every trial's reported history whatever its state.
    public func thresholds(in context: SearchContext) -> [Double] {
        Self.thresholds(bands: bands, eta: eta, histories: context.trials.map(history))
    }

    /// A trial's finite reported values in report order, negated when maximizing.
    public func history(_ trial: Trial) -> [Double] {
        let values = trial.reports.map(\.value).filter(\.isFinite)
        return goal == .maximize ? values.map { -$0 } : values
    }

    public func shouldPrune(trial number: Int, in context: SearchContext) -> Bool {
        guard let trial = Self.trial(number, in: context) else { return false }
        return shouldStop(trial, thresholds: thresholds(in: context))
    }

    /// Numbers of every unfinished trial hyperband would stop now (W&B's `hyperband_stop_runs`).
    public func trialsToStop(in context: SearchContext) -> [Int] {
        let thresholds = thresholds(in: context)
        return context.trials.filter { shouldStop($0, thresholds: thresholds) }.map(\.number)
    }

    private func shouldStop(_ trial: Trial, thresholds: [Double]) -> Bool {
        // W&B judges only `running` runs; in Swoop a trial that reports is running, and a pending
        // one with reports (reported before its state caught up) is treated alike.
        guard trial.state == .running || trial.state == .pending else { return false }
        let h = history(trial)
        guard let closest = Array(zip(bands, thresholds)).last(where: { $0.0 <= h.count }) else { return false }
        let condition = strict ? h[closest.0 - 1] : h.min()!
        return condition > closest.1
    }

    private static func trial(_ number: Int, in context: SearchContext) -> Trial? {
        if number >= 0, number < context.trials.count, context.trials[number].number == number {
            return context.trials[number]
        }
        return context.trials.first { $0.number == number }
    }
}
