/// A resource bound for the successive-halving pruners: a number of steps, or `"auto"`, which
/// the pruner works out from the steps completed trials reached (Optuna's `"auto"`).
public enum PrunerResource: Sendable, Hashable {
    case auto
    case steps(Int)
}
