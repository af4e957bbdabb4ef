import SwoopModel

/// NSGA-II's knobs, named as Optuna's `NSGAIISampler` arguments (`scheduler.settings.sampler.args`).
public struct NSGAIISettings: Sendable, Hashable {
    /// Trials per generation; a generation ends when this many of its trials have finished.
    public var populationSize: Int
    /// Chance that a gene mutates; nil means 1 / (number of searched parameters), as in Optuna.
    public var mutationProb: Double?
    /// Chance that a child is a crossover of two parents rather than a copy of one.
    public var crossoverProb: Double
    /// Chance that a categorical gene (uniform crossover) comes from the second parent.
    public var swappingProb: Double
    /// SBX distribution index: larger keeps children nearer their parents (Optuna's SBX uses 20 for
    /// several objectives).
    public var crossoverEta: Double
    /// Polynomial mutation's distribution index (Deb's usual 20).
    public var mutationEta: Double

    public init(populationSize: Int = 50, mutationProb: Double? = nil, crossoverProb: Double = 0.9,
                swappingProb: Double = 0.5, crossoverEta: Double = 20, mutationEta: Double = 20) {
        self.populationSize = populationSize
        self.mutationProb = mutationProb
        self.crossoverProb = crossoverProb
        self.swappingProb = swappingProb
        self.crossoverEta = crossoverEta
        self.mutationEta = mutationEta
    }

    static let argumentNames = ["population_size", "mutation_prob", "crossover_prob", "swapping_prob",
                                "crossover_eta", "mutation_eta"]

    /// Reads `args` (an object or nothing); every problem names the argument and what it takes.
    public init(args: JSONValue?) throws(SearchError) {
        self.init()
        guard let args, args != .null else { return }
        guard case .object(let o) = args else {
            throw SearchError("scheduler.settings.sampler.args must be an object of NSGAIISampler arguments, got \(args.typeName)")
        }
        for key in o.keys.sorted() where !Self.argumentNames.contains(key) {
            throw SearchError("scheduler.settings.sampler.args.\(key) is not an NSGAIISampler argument Swoop knows; expected one of \(Self.argumentNames.joined(separator: ", "))")
        }
        if let v = o["population_size"] {
            guard let x = v.number, x == x.rounded(), x >= 2, x <= 100_000 else {
                throw SearchError("scheduler.settings.sampler.args.population_size must be an integer of at least 2, got \(JSONText.render(v))")
            }
            populationSize = Int(x)
        }
        if let v = o["mutation_prob"], v != .null {
            mutationProb = try Self.probability(v, "mutation_prob")
        }
        if let v = o["crossover_prob"] { crossoverProb = try Self.probability(v, "crossover_prob") }
        if let v = o["swapping_prob"] { swappingProb = try Self.probability(v, "swapping_prob") }
        if let v = o["crossover_eta"] { crossoverEta = try Self.index(v, "crossover_eta") }
        if let v = o["mutation_eta"] { mutationEta = try Self.index(v, "mutation_eta") }
    }

    private static func probability(_ v: JSONValue, _ name: String) throws(SearchError) -> Double {
        guard let x = v.number, x >= 0, x <= 1 else {
            throw SearchError("scheduler.settings.sampler.args.\(name) must be a number in [0, 1], got \(JSONText.render(v))")
        }
        return x
    }

    private static func index(_ v: JSONValue, _ name: String) throws(SearchError) -> Double {
        guard let x = v.number, x.isFinite, x >= 0 else {
            throw SearchError("scheduler.settings.sampler.args.\(name) must be a number of at least 0, got \(JSONText.render(v))")
        }
        return x
    }
}
