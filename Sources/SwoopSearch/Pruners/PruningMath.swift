import SwoopConfig

/// NumPy and Optuna helpers the pruners share, written to give the same numbers.
enum PruningMath {
    /// NumPy's `nanmin`/`nanmax` in the goal's direction: NaN only when every value is NaN (or
    /// there is none).
    static func nanBest<S: Sequence<Double>>(_ values: S, _ goal: Goal) -> Double {
        var best = Double.nan
        for v in values where !v.isNaN {
            if best.isNaN || (goal == .minimize ? v < best : v > best) { best = v }
        }
        return best
    }

    /// NumPy's `nanpercentile` with its default (linear) method: NaNs dropped, virtual index
    /// `(n-1)·q`, and NumPy's two-sided lerp so results match to the last bit.
    static func nanPercentile(_ values: [Double], _ percentile: Double) -> Double {
        let sorted = values.filter { !$0.isNaN }.sorted()
        guard !sorted.isEmpty else { return .nan }
        let index = Double(sorted.count - 1) * (percentile / 100)
        let below = Swift.max(0, Swift.min(Int(index.rounded(.down)), sorted.count - 1))
        let above = Swift.min(below + 1, sorted.count - 1)
        let t = index - Double(below)
        let a = sorted[below], b = sorted[above]
        let diff = b - a
        return t >= 0.5 ? b - diff * (1 - t) : a + diff * t
    }

    /// Optuna's `_is_first_in_interval_step`: true when no step reported before `step` lies at or
    /// after the latest pruning checkpoint (`n_warmup_steps + k·interval_steps`) not after `step`.
    static func isFirstInIntervalStep(_ step: Int, steps: some Sequence<Int>, warmupSteps: Int, intervalSteps: Int) -> Bool {
        let checkpoint = (step - warmupSteps) / intervalSteps * intervalSteps + warmupSteps
        var secondLast = -1
        for s in steps where s > secondLast && s != step { secondLast = s }
        return secondLast < checkpoint
    }

    /// `factor · base^exponent` for a positive factor and a base of at least 2, or nil when it does
    /// not fit in an `Int` (or the arguments are outside those ranges): a step never reached.
    static func scaledPower(_ factor: Int, _ base: Int, _ exponent: Int) -> Int? {
        guard factor >= 1, base >= 2, exponent >= 0 else { return nil }
        var result = factor
        // At most 63 rounds: doubling or more overflows an Int by then.
        for _ in 0..<exponent {
            let (r, overflow) = result.multipliedReportingOverflow(by: base)
            if overflow { return nil }
            result = r
        }
        return result
    }
}
