/// What each search method can search (reference section 1.5); W&B fails only when suggesting,
/// Swoop says so while validating.
enum MethodRules {
    static func check(method: SearchMethodName, leaves: [ParsedParameter], hasMetric: Bool, searchSpaceGiven: Bool,
                      diags: inout DiagnosticCollector) {
        switch method {
        case .grid:
            for leaf in leaves where !gridAllows(leaf.spec.distribution) {
                diags.error(leaf.keyPath, "Parameter \(leaf.spec.name) is a disallowed type with grid search. Grid search requires all parameters to be categorical, constant, int_uniform, or q_uniform. Specification of probabilities for categorical parameters is disallowed in grid search (found \(leaf.spec.distribution.wandbName))")
            }
        case .bayes:
            if !hasMetric {
                diags.error("metric", "Bayesian search requires \"metric\" section: add metric: {name: ..., goal: minimize or maximize}")
            }
            for leaf in leaves {
                if case .categorical(_, let p?) = leaf.spec.distribution, !p.isEmpty {
                    diags.error(leaf.keyPath, "Parameter \(leaf.spec.name): bayes search does not support categorical parameters with probabilities (W&B's engine crashes on them); drop `probabilities` or use method random")
                }
            }
            if !searchSpaceGiven, !leaves.isEmpty, leaves.allSatisfy({ $0.spec.distribution.isConstant }) {
                diags.error("parameters", "Need at least one searchable parameter for bayes search. (every parameter here is a constant `value`)")
            }
        case .random, .custom:
            break
        }
    }

    static func gridAllows(_ d: Distribution) -> Bool {
        switch d {
        case .constant, .intUniform, .qUniform: return true
        case .categorical(_, let p): return p == nil
        default: return false
        }
    }
}
