/// `TPESampler` arguments, with Optuna 5's names and defaults (`seed` is read but the study seed wins).
public struct TPESettings: Sendable, Hashable {
    /// Trials told (complete or pruned) before the model is used; until then points are random.
    public var nStartupTrials: Int
    /// Candidates drawn from the good-trials estimator per ask; the best l(x)/g(x) is proposed.
    public var nEICandidates: Int
    /// Sample all parameters jointly from one estimator (true) or each on its own (false).
    public var multivariate: Bool
    /// Count pending trials as the worst ones, so parallel asks spread out.
    public var constantLiar: Bool
    /// Let the outermost kernels reach the bounds when picking bandwidths.
    public var considerEndpoints: Bool
    /// Keep bandwidths at least range / min(100, kernels + 1).
    public var considerMagicClip: Bool
    /// Weight of the prior (a wide kernel at the middle of each range) against one observation.
    public var priorWeight: Double
    /// Fraction of the told trials counted as good, ceil(gamma · n) capped at 25 (Optuna: 0.1).
    public var gamma: Double

    public init(nStartupTrials: Int = 10, nEICandidates: Int = 24, multivariate: Bool = true,
                constantLiar: Bool = true, considerEndpoints: Bool = false, considerMagicClip: Bool = true,
                priorWeight: Double = 1.0, gamma: Double = 0.1) {
        self.nStartupTrials = nStartupTrials
        self.nEICandidates = nEICandidates
        self.multivariate = multivariate
        self.constantLiar = constantLiar
        self.considerEndpoints = considerEndpoints
        self.considerMagicClip = considerMagicClip
        self.priorWeight = priorWeight
        self.gamma = gamma
    }

    /// Optuna's default split: the best min(ceil(gamma · n), 25) of n told trials are the good ones.
    public func goodCount(of n: Int) -> Int {
        min(Int((gamma * Double(n)).rounded(.up)), 25)
    }
}
