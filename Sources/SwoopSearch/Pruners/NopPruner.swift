/// Optuna's `NopPruner`: never prunes, so trials always run to the end.
public struct NopPruner: Pruner {
    public init() {}

    public func shouldPrune(trial number: Int, in context: SearchContext) -> Bool { false }
}
