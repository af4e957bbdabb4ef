/// `scheduler.settings.sampler`: which Optuna-style sampler decides the search, with its arguments.
public enum SamplerSettings: Sendable, Hashable {
    case tpe(TPESettings)
    case random
    case grid
    case qmc(QMCSettings)
    case cmaEs(CmaEsSettings)

    /// The Optuna class name, as written in `type:`.
    public var typeName: String {
        switch self {
        case .tpe: return "TPESampler"
        case .random: return "RandomSampler"
        case .grid: return "GridSampler"
        case .qmc: return "QMCSampler"
        case .cmaEs: return "CmaEsSampler"
        }
    }

    /// Every `type:` Swoop implements, in the order messages list them.
    public static let supportedTypes = ["TPESampler", "RandomSampler", "GridSampler", "QMCSampler", "CmaEsSampler"]

    /// The sampler a `type:` names with every argument at its default, nil for an unknown type.
    public static func defaults(for type: String) -> SamplerSettings? {
        switch type {
        case "TPESampler": return .tpe(TPESettings())
        case "RandomSampler": return .random
        case "GridSampler": return .grid
        case "QMCSampler": return .qmc(QMCSettings())
        case "CmaEsSampler": return .cmaEs(CmaEsSettings())
        default: return nil
        }
    }

    /// Whether the sampler models the objective, so it needs `metric:` to know what to optimize.
    public var needsMetric: Bool {
        switch self {
        case .tpe, .cmaEs: return true
        case .random, .grid, .qmc: return false
        }
    }
}
