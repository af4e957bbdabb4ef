import SwoopConfig

/// Optuna's `HyperbandPruner`: successive halving run in several brackets at once, bracket b
/// starting its first rung at `minResource · reductionFactor^b`; each trial belongs to one bracket
/// and competes only with the trials of its bracket. (W&B's hyperband is `HyperbandPruner`.)
///
/// Optuna picks a trial's bracket from `crc32("{study_name}_{number}")`; Swoop from the study's
/// seed, so the assignment is reproducible with `--seed` (see `bracket(of:budgets:)`).
public struct OptunaHyperbandPruner: Pruner {
    public let minResource: Int
    public let maxResource: PrunerResource
    public let reductionFactor: Int
    public let bootstrapCount: Int
    public let goal: Goal
    public let seed: UInt64

    /// Keeps bracket draws apart from the sampler's, which use the same seed and trial numbers.
    static let salt: UInt64 = 0x4879_7065_7262_616E  // "Hyperban"

    public init(minResource: Int = 1, maxResource: PrunerResource = .auto, reductionFactor: Int = 3,
                bootstrapCount: Int = 0, goal: Goal, seed: UInt64) throws(SearchError) {
        guard minResource >= 1 else {
            throw SearchError("The value of `min_resource` is \(minResource), but must be `min_resource >= 1`")
        }
        if case .steps(let m) = maxResource, m < minResource {
            throw SearchError("The value of `max_resource` is \(m), but must be at least `min_resource` (\(minResource))")
        }
        guard reductionFactor >= 2 else {
            throw SearchError("The value of `reduction_factor` is \(reductionFactor), but must be `reduction_factor >= 2`")
        }
        guard bootstrapCount >= 0 else {
            throw SearchError("The value of `bootstrap_count` is \(bootstrapCount), but must be `bootstrap_count >= 0`")
        }
        if bootstrapCount > 0, maxResource == .auto {
            throw SearchError("bootstrap_count > 0 and max_resource == 'auto' are mutually incompatible, bootstrap_count is \(bootstrapCount)")
        }
        self.minResource = minResource
        self.maxResource = maxResource
        self.reductionFactor = reductionFactor
        self.bootstrapCount = bootstrapCount
        self.goal = goal
        self.seed = seed
    }

    /// The max resource in use: as given, or for `"auto"` one more than the largest last step of
    /// the completed trials (nil while there is none). Optuna fixes `"auto"` at the first pruning
    /// call that finds a completed trial; Swoop recomputes it at every call.
    public func resolvedMaxResource(_ trials: [Trial]) -> Int? {
        switch maxResource {
        case .steps(let m): return m
        case .auto:
            let lastSteps = trials.filter { $0.state == .finished }.compactMap { IntermediateValues($0.reports).lastStep }
            return lastSteps.max().map { $0 == .max ? $0 : $0 + 1 }
        }
    }

    /// `floor(log(maxResource / minResource) / log(reductionFactor)) + 1`, computed in doubles as
    /// Python's `math.log(x, base)` does, so 243/1 with factor 3 gives 5 brackets, like Optuna.
    public static func bracketCount(minResource: Int, maxResource: Int, reductionFactor: Int) -> Int {
        let ratio = Double(maxResource) / Double(minResource)
        return Int((_log(ratio) / _log(Double(reductionFactor))).rounded(.down)) + 1
    }

    /// Optuna's trial allocation budget per bracket, `ceil(n · factor^s / (s + 1))` with
    /// `s = n − 1 − b`: the share of trials each bracket gets (the paper's `n` per bracket).
    public static func budgets(bracketCount n: Int, reductionFactor: Int) -> [Int] {
        (0..<Swift.max(n, 0)).map { b in
            let s = n - 1 - b
            let scaled = PruningMath.scaledPower(n, reductionFactor, s) ?? .max
            // Exact integer ceiling; Python divides in floats, which agrees below 2^53.
            return scaled / (s + 1) + (scaled % (s + 1) == 0 ? 0 : 1)
        }
    }

    /// The bracket of trial `number`: the first output of the seeded generator for (seed, number),
    /// modulo the total budget, walked through the budgets in order as Optuna walks its crc32.
    public func bracket(of number: Int, budgets: [Int]) -> Int {
        var total: UInt64 = 0
        for b in budgets {
            let (sum, overflow) = total.addingReportingOverflow(UInt64(b))
            total = overflow ? .max : sum
        }
        guard total > 0 else { return 0 }
        var rng = SeededRandom(seed: seed ^ Self.salt, stream: UInt64(bitPattern: Int64(number)))
        var n = rng.next() % total
        for (id, budget) in budgets.enumerated() {
            if n < UInt64(budget) { return id }
            n -= UInt64(budget)
        }
        return budgets.count - 1
    }

    public func shouldPrune(trial number: Int, in context: SearchContext) -> Bool {
        guard let trial = context.trial(numbered: number),
              let maxResource = resolvedMaxResource(context.trials) else { return false }
        let n = Self.bracketCount(minResource: minResource, maxResource: maxResource, reductionFactor: reductionFactor)
        // max_resource below min_resource leaves no bracket; Optuna then never prunes.
        guard n >= 1 else { return false }
        let budgets = Self.budgets(bracketCount: n, reductionFactor: reductionFactor)
        let id = bracket(of: number, budgets: budgets)
        guard let halving = try? SuccessiveHalvingPruner(minResource: .steps(minResource), reductionFactor: reductionFactor,
                                                         minEarlyStoppingRate: id, bootstrapCount: bootstrapCount, goal: goal)
        else { return false }
        let bracketTrials = context.trials.filter { bracket(of: $0.number, budgets: budgets) == id }
        return halving.shouldPrune(trial, competitors: bracketTrials)
    }
}
