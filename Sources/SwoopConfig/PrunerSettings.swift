/// `scheduler.settings.pruner` (`{type, args}`): one of Optuna's pruners with Optuna's argument
/// names and defaults filled in. W&B's own hyperband stays under `early_terminate`.
public indirect enum PrunerSettings: Sendable, Hashable {
    /// `NopPruner`: never prunes.
    case nop
    /// `MedianPruner`: the percentile pruner at the 50th percentile.
    case median(nStartupTrials: Int = 5, nWarmupSteps: Int = 0, intervalSteps: Int = 1, nMinTrials: Int = 1)
    /// `PercentilePruner`: prunes a trial whose best value so far is outside the kept percentile of
    /// completed trials' values at the same step.
    case percentile(Double, nStartupTrials: Int = 5, nWarmupSteps: Int = 0, intervalSteps: Int = 1,
                    nMinTrials: Int = 1)
    /// `SuccessiveHalvingPruner` (asynchronous successive halving).
    case successiveHalving(minResource: PrunerResource = .auto, reductionFactor: Int = 4,
                           minEarlyStoppingRate: Int = 0, bootstrapCount: Int = 0)
    /// `HyperbandPruner`: successive halving in several brackets, trials spread over them.
    case hyperband(minResource: Int = 1, maxResource: PrunerResource = .auto, reductionFactor: Int = 3,
                   bootstrapCount: Int = 0)
    /// `ThresholdPruner`: prunes when the latest value leaves `[lower, upper]` or is NaN.
    case threshold(lower: Double? = nil, upper: Double? = nil, nWarmupSteps: Int = 0, intervalSteps: Int = 1)
    /// `PatientPruner`: asks `wrapped` (or prunes, when there is none) only after `patience`
    /// steps without an improvement of more than `minDelta`.
    case patient(wrapped: PrunerSettings?, patience: Int, minDelta: Double = 0)

    /// The Optuna class name written as `type:`.
    public var typeName: String {
        switch self {
        case .nop: return "NopPruner"
        case .median: return "MedianPruner"
        case .percentile: return "PercentilePruner"
        case .successiveHalving: return "SuccessiveHalvingPruner"
        case .hyperband: return "HyperbandPruner"
        case .threshold: return "ThresholdPruner"
        case .patient: return "PatientPruner"
        }
    }

    /// Every `type:` accepted, in the order messages list them.
    public static let typeNames = ["NopPruner", "MedianPruner", "PercentilePruner", "SuccessiveHalvingPruner",
                                   "HyperbandPruner", "ThresholdPruner", "PatientPruner"]
}
