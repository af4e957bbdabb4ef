/// The `distribution:` names W&B accepts, with the keys each one takes (reference section 1.4).
enum DistributionKind: String, CaseIterable {
    case constant, categorical
    case categoricalWithProbabilities = "categorical_w_probabilities"
    case intUniform = "int_uniform"
    case uniform
    case qUniform = "q_uniform"
    case logUniform = "log_uniform"
    case logUniformValues = "log_uniform_values"
    case qLogUniform = "q_log_uniform"
    case qLogUniformValues = "q_log_uniform_values"
    case invLogUniform = "inv_log_uniform"
    case invLogUniformValues = "inv_log_uniform_values"
    case normal
    case qNormal = "q_normal"
    case logNormal = "log_normal"
    case qLogNormal = "q_log_normal"
    case beta
    case qBeta = "q_beta"

    /// Keys that must be written.
    var required: [String] {
        switch self {
        case .constant: return ["value"]
        case .categorical: return ["values"]
        case .categoricalWithProbabilities: return ["values", "probabilities"]
        case .intUniform, .uniform, .qUniform, .logUniform, .logUniformValues, .qLogUniform,
             .qLogUniformValues, .invLogUniform, .invLogUniformValues:
            return ["min", "max"]
        case .normal, .qNormal, .logNormal, .qLogNormal, .beta, .qBeta:
            return []
        }
    }

    /// Keys with a default W&B fills in when absent.
    var optional: [String] {
        switch self {
        case .qUniform, .qLogUniform, .qLogUniformValues: return ["q"]
        case .normal, .logNormal: return ["mu", "sigma"]
        case .qNormal, .qLogNormal: return ["mu", "sigma", "q"]
        case .beta: return ["a", "b"]
        case .qBeta: return ["a", "b", "q"]
        default: return []
        }
    }

    var allowed: [String] { ["distribution"] + required + optional }

    /// The W&B messages name these "deprecated"; they still work.
    var replacement: DistributionKind? {
        switch self {
        case .logUniform: return .logUniformValues
        case .qLogUniform: return .qLogUniformValues
        case .invLogUniform: return .invLogUniformValues
        default: return nil
        }
    }

    /// Every key any parameter form knows, to tell a misplaced key from an unknown one.
    static let allKeys: Set<String> = ["distribution", "values", "probabilities", "value", "min", "max", "mu",
                                       "sigma", "q", "a", "b", "parameters"]

    static var namesList: String {
        allCases.map(\.rawValue).joined(separator: ", ")
    }
}
