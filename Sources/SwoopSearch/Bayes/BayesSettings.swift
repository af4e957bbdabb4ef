/// Tuning knobs of the `bayes` search method; the defaults are what the benchmark was tuned with.
public struct BayesSettings: Sendable, Hashable {
    /// Space-filling points before the first model; nil picks from the dimension (d, 4 to 10).
    public var initialDesignSize: Int?
    /// Random candidates scored by log EI per ask (fewer when the model is large, to bound latency).
    public var candidateCount: Int
    /// Candidates refined by gradient ascent.
    public var localSearchStarts: Int
    /// Most observations the GP conditions on; beyond it, a subset of best, recent and spread-out trials.
    public var maxModelSize: Int
    /// Most observations used to fit the kernel hyperparameters (a subset of the model's).
    public var maxFitSize: Int

    public init(initialDesignSize: Int? = nil, candidateCount: Int = 2000, localSearchStarts: Int = 6,
                maxModelSize: Int = 200, maxFitSize: Int = 100) {
        self.initialDesignSize = initialDesignSize
        self.candidateCount = candidateCount
        self.localSearchStarts = localSearchStarts
        self.maxModelSize = maxModelSize
        self.maxFitSize = maxFitSize
    }
}
