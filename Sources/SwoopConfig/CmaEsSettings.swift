/// `CmaEsSampler` arguments, Optuna's names; the search runs on the unit cube of the numeric parameters.
public struct CmaEsSettings: Sendable, Hashable {
    /// What to do when a run of CMA-ES has converged.
    public enum RestartStrategy: String, Sendable, Hashable, CaseIterable {
        /// Start again from a random mean with a population `inc_popsize` times larger.
        case ipop
    }

    /// Initial step size on the unit cube; nil is Optuna's 1/6 of the range.
    public var sigma0: Double?
    /// Complete trials before CMA-ES takes over from random sampling (Optuna: 1).
    public var nStartupTrials: Int
    public var restartStrategy: RestartStrategy?
    /// Population per generation; nil is 4 + floor(3 ln d).
    public var popsize: Int?
    /// Population growth factor at each IPOP restart.
    public var incPopsize: Int

    public init(sigma0: Double? = nil, nStartupTrials: Int = 1, restartStrategy: RestartStrategy? = nil,
                popsize: Int? = nil, incPopsize: Int = 2) {
        self.sigma0 = sigma0
        self.nStartupTrials = nStartupTrials
        self.restartStrategy = restartStrategy
        self.popsize = popsize
        self.incPopsize = incPopsize
    }
}
