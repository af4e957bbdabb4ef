import SwoopConfig
import SwoopModel

/// Method choice for sweeps with several objectives, kept apart from the single-objective mapping
/// so both can grow without touching each other.
extension SearchMethods {
    /// Samplers that handle several objectives: NSGA-II, and those that never look at a result.
    static let multiObjectiveSamplerTypes = ["NSGAIISampler", "RandomSampler", "GridSampler"]

    /// The sampler for a `metrics:` sweep: NSGA-II unless `scheduler.settings.sampler.type` names
    /// RandomSampler or GridSampler; samplers that model one objective are refused, naming the objectives.
    public static func multiObjectiveSampler(for config: SweepConfig) throws(SearchError) -> any Sampler {
        guard let metrics = config.metrics, metrics.count >= 2 else {
            throw SearchError("a multi-objective sampler needs metrics: with two or more objectives")
        }
        guard config.method == .custom else {
            throw SearchError("method \(config.method.rawValue) optimizes one objective, but this sweep has \(metrics.count) (metrics: \(Study.describe(metrics))); `metrics` requires `method: custom`")
        }
        let setting = config.scheduler?["settings"]?["sampler"]
        let type = try samplerType(setting) ?? "NSGAIISampler"
        switch type {
        case "NSGAIISampler":
            return try NSGAIISampler(space: config.space, metrics: metrics,
                                     settings: NSGAIISettings(args: setting?["args"]))
        case "RandomSampler":
            return RandomSampler()
        case "GridSampler":
            _ = try GridSampler.gridSize(config.space)
            return GridSampler()
        default:
            throw SearchError("scheduler.settings.sampler.type \(type) optimizes one objective, but this sweep has \(metrics.count) (metrics: \(Study.describe(metrics))); use one of \(multiObjectiveSamplerTypes.joined(separator: ", ")) (NSGAIISampler is the default)")
        }
    }

    /// Refuses a multi-objective-only sampler on a sweep with one objective.
    static func refuseMultiObjectiveOnly(_ config: SweepConfig) throws(SearchError) {
        guard config.metrics == nil, try samplerType(config.scheduler?["settings"]?["sampler"]) == "NSGAIISampler" else { return }
        let metric = config.metric.map { "metric: \($0.name)" } ?? "no metric"
        throw SearchError("scheduler.settings.sampler.type NSGAIISampler optimizes two or more objectives, but this sweep has one (\(metric)); list them under metrics: or choose a single-objective sampler")
    }

    private static func samplerType(_ setting: JSONValue?) throws(SearchError) -> String? {
        guard let setting, setting != .null, let type = setting["type"] else { return nil }
        guard let name = type.stringValue else {
            throw SearchError("scheduler.settings.sampler.type must be a sampler name such as NSGAIISampler, got \(type.typeName)")
        }
        return name
    }
}
