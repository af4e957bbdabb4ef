import SwoopConfig

/// The trials as the GP sees them: encoded points with values to minimize (negated for
/// `maximize`, imputed for trials without a usable result) and the pending points.
///
/// Rules follow W&B (reference §2.4): finished → best value over history and final value;
/// failed, crashed, stopped → `metric.impute`; running → an observation only when
/// `impute_while_running` is set, otherwise pending; pending and preempted → pending.
/// One deliberate difference: where W&B falls back to 0.0 (best/latest with nothing logged),
/// the worst value is used, since 0.0 means nothing on an arbitrary metric scale.
struct BayesObservations: Sendable {
    var points: [[Double]] = []
    var values: [Double] = []
    /// Trial numbers of `points`, in the same order (recency for subset selection).
    var trialNumbers: [Int] = []
    var imputedCount = 0
    var pending: [[Double]] = []
    /// Trials left out because their values cannot be placed (missing or not permitted).
    var unplaceable = 0
    /// Failed trials left out because no trial has a finite value to impute from yet.
    var unimputable = 0

    init(trials: [Trial], metric: MetricSpec, encoding: BayesEncoding) {
        let sign: Double = metric.goal == .maximize ? -1 : 1
        // W&B's "worst": each terminal run's extremum against the goal, then the worst of those.
        var worst: Double?
        for t in trials where t.state.isTerminal {
            if let m = t.observedValues.map({ sign * $0 }).max() { worst = max(worst ?? m, m) }
        }

        func imputed(_ t: Trial, _ strategy: Impute) -> Double? {
            let own = t.observedValues.map { sign * $0 }
            switch strategy {
            case .worst: return worst
            case .best: return own.min() ?? worst
            case .latest: return own.last ?? worst
            }
        }

        for t in trials {
            var y: Double?
            var isPending = false
            var wasImputed = false
            switch t.state {
            case .finished:
                if let b = t.best(for: metric.goal) { y = sign * b } else { y = imputed(t, metric.impute); wasImputed = true }
            case .failed, .crashed, .stopped:
                y = imputed(t, metric.impute)
                wasImputed = true
            case .running:
                switch metric.imputeWhileRunning {
                case .no:
                    isPending = true
                case .latest, .best, .worst:
                    if let b = t.best(for: metric.goal) {
                        y = sign * b
                    } else {
                        let strategy: Impute = metric.imputeWhileRunning == .latest ? .latest
                            : metric.imputeWhileRunning == .best ? .best : .worst
                        y = imputed(t, strategy)
                        wasImputed = true
                        if y == nil { isPending = true }
                    }
                }
            case .pending, .preempted:
                isPending = true
            }
            guard let point = encoding.encode(t.values) else {
                unplaceable += 1
                continue
            }
            if isPending {
                pending.append(point)
            } else if let y {
                points.append(point)
                values.append(y)
                trialNumbers.append(t.number)
                if wasImputed { imputedCount += 1 }
            } else {
                unimputable += 1
            }
        }
    }
}
