import Foundation
import SwoopConfig
import SwoopModel

/// NSGA-II for sweeps with several objectives (`metrics:`), after Optuna's `NSGAIISampler`:
/// generations of `population_size` finished trials, random for the first; afterwards each child
/// comes from two parents picked by binary tournament (rank, then crowding distance), crossed over
/// (SBX for numbers, uniform for categories) and mutated (polynomial for numbers, a redraw for
/// categories). Parents are the elite of the previous parents and the newly finished trials.
///
/// Differences from Optuna, on purpose: SBX and polynomial mutation by default (Optuna's default
/// is uniform crossover and mutation by resampling), and finished trials that arrive after their
/// generation was closed still join the next elite selection instead of being dropped.
///
/// Genes live on the CDF scale of each distribution (log-scale for the log families), so children
/// respect the parameter's bounds and shape. Failed trials never become parents; pending ones are
/// not waited for: while a generation is short of finished trials, asks keep breeding from the
/// same parents, and no proposal repeats the values of any earlier trial, pending ones included.
public struct NSGAIISampler: Sampler {
    /// Finished trials that can breed, by trial number: encoded genes and objective values.
    typealias Usable = [Int: (point: [Double], objectives: [Double])]

    public let goals: [Goal]
    public let settings: NSGAIISettings
    let encoding: BayesEncoding
    /// The generation each trial this sampler proposed belongs to; other trials count as 0.
    private(set) var generationOf: [Int: Int] = [:]
    /// Parent trial numbers per generation, fixed when the generation's first child is bred.
    private(set) var parentsOf: [Int: [Int]] = [:]
    /// Finished trials that have already been through an elite selection.
    private var considered: Set<Int> = []

    public init(space: SearchSpace, metrics: [MetricSpec], settings: NSGAIISettings = NSGAIISettings()) throws(SearchError) {
        guard metrics.count >= 2 else {
            throw SearchError("NSGAIISampler optimizes two or more objectives (metrics:), this sweep has \(metrics.count); use a single-objective method")
        }
        guard !space.searchableIndices.isEmpty else {
            throw SearchError("NSGAIISampler needs at least one searchable parameter")
        }
        guard settings.populationSize >= 2 else {
            throw SearchError("NSGAIISampler population_size must be at least 2, got \(settings.populationSize)")
        }
        self.goals = metrics.map(\.goal)
        self.settings = settings
        self.encoding = try BayesEncoding(space: space)
    }

    public mutating func propose(_ context: SearchContext, rng: inout SeededRandom) throws(SearchError) -> Proposal? {
        let usable = usableTrials(context.trials)
        let generation = currentGeneration(usable: usable)
        generationOf[context.trials.count] = generation
        let taken = Set(context.trials.map { $0.values.map { ValueKey($0 ?? .null) } })
        var notes: [String] = []
        if generation > 0 {
            let parents = parentPopulation(generation, usable: usable)
            if parents.count >= 2 {
                let ranked = RankedPopulation(numbers: parents, usable: usable, goals: goals)
                for _ in 0..<20 {
                    let values = encoding.decode(child(of: ranked, rng: &rng))
                    if !taken.contains(values.map(ValueKey.init)) { return Proposal(values: values) }
                }
                notes.append("nsga2: 20 children in a row repeated earlier trials; proposing a random point")
            } else {
                notes.append("nsga2: fewer than 2 parents can be placed in the search space; proposing a random point")
            }
        }
        var values = randomValues(context.space, rng: &rng)
        for _ in 0..<20 where taken.contains(values.map(ValueKey.init)) {
            values = randomValues(context.space, rng: &rng)
        }
        if taken.contains(values.map(ValueKey.init)) {
            notes.append("nsga2: the space seems exhausted; this point repeats an earlier trial")
        }
        return Proposal(values: values, notes: notes)
    }

    /// Finished trials with a full objective vector whose values can be placed, by trial number.
    private func usableTrials(_ trials: [Trial]) -> Usable {
        var out: Usable = [:]
        for t in trials where t.state == .finished {
            guard let v = t.objectives, v.count == goals.count, v.allSatisfy(\.isFinite),
                  let point = encoding.encode(t.values) else { continue }
            out[t.number] = (point, v)
        }
        return out
    }

    /// The newest generation, moved on once `population_size` of its trials have finished.
    private func currentGeneration(usable: Usable) -> Int {
        var generation = generationOf.values.max() ?? 0
        while true {
            let done = usable.keys.filter { (generationOf[$0] ?? 0) == generation }.count
            guard done >= settings.populationSize else { return generation }
            generation += 1
        }
    }

    /// Parents of a generation: the elite of the previous parents plus every finished trial of
    /// earlier generations not yet considered.
    private mutating func parentPopulation(_ generation: Int, usable: Usable) -> [Int] {
        if let cached = parentsOf[generation] { return cached }
        var pool = generation > 1 ? parentPopulation(generation - 1, usable: usable) : []
        let fresh = usable.keys.filter { !considered.contains($0) && (generationOf[$0] ?? 0) < generation }.sorted()
        considered.formUnion(fresh)
        pool += fresh
        let elite = Self.eliteSelection(pool, objectives: pool.map { usable[$0]!.objectives }, goals: goals,
                                        size: settings.populationSize)
        parentsOf[generation] = elite
        return elite
    }

    /// The best `size` numbers: whole fronts while they fit, then the last front by crowding
    /// distance (larger first, earlier trial on ties). Result in ascending trial order.
    static func eliteSelection(_ numbers: [Int], objectives: [[Double]], goals: [Goal], size: Int) -> [Int] {
        var chosen: [Int] = []
        for front in NonDominatedSorting.fronts(objectives, goals: goals) {
            if chosen.count + front.count <= size {
                chosen += front.map { numbers[$0] }
                continue
            }
            let distance = NonDominatedSorting.crowdingDistances(front.map { objectives[$0] })
            let order = front.indices.sorted {
                distance[$0] != distance[$1] ? distance[$0] > distance[$1] : numbers[front[$0]] < numbers[front[$1]]
            }
            chosen += order.prefix(size - chosen.count).map { numbers[front[$0]] }
            break
        }
        return chosen.sorted()
    }

    private func child(of population: RankedPopulation, rng: inout SeededRandom) -> [Double] {
        let a = population.tournament(rng: &rng)
        var b = population.tournament(rng: &rng)
        for _ in 0..<4 where b == a { b = population.tournament(rng: &rng) }
        let pa = population.points[a], pb = population.points[b]
        var child = pa
        let crossover = rng.uniform() < settings.crossoverProb
        var genes = 0
        for coding in encoding.codings {
            switch coding {
            case .numeric(_, let c, _, _):
                genes += 1
                if crossover, rng.uniform() < 0.5 {
                    child[c] = Self.sbx(pa[c], pb[c], low: encoding.lower[c], high: encoding.upper[c],
                                        eta: settings.crossoverEta, rng: &rng)
                }
            case .categorical(_, let c, let values, _):
                genes += 1
                if crossover, rng.uniform() < settings.swappingProb {
                    for k in 0..<values.count { child[c + k] = pb[c + k] }
                }
            case .fixed:
                continue
            }
        }
        let mutation = settings.mutationProb ?? 1 / Double(max(genes, 1))
        for coding in encoding.codings {
            switch coding {
            case .numeric(_, let c, _, _):
                if rng.uniform() < mutation {
                    child[c] = Self.polynomialMutation(child[c], low: encoding.lower[c], high: encoding.upper[c],
                                                       eta: settings.mutationEta, rng: &rng)
                }
            case .categorical(_, let c, let values, _):
                if rng.uniform() < mutation {
                    let pick = min(Int(rng.uniform() * Double(values.count)), values.count - 1)
                    for k in 0..<values.count { child[c + k] = k == pick ? 1 : 0 }
                }
            case .fixed:
                continue
            }
        }
        return child
    }

    /// Simulated binary crossover for one bounded variable (Deb and Agrawal), returning one of the
    /// two children at random.
    static func sbx(_ x1: Double, _ x2: Double, low: Double, high: Double, eta: Double,
                    rng: inout SeededRandom) -> Double {
        let y1 = min(x1, x2), y2 = max(x1, x2)
        let u = rng.uniform()
        let pickFirst = rng.uniform() < 0.5
        guard y2 - y1 > 1e-14, high > low else { return x1 }
        func spread(_ beta: Double) -> Double {
            let alpha = 2 - pow(beta, -(eta + 1))
            return u <= 1 / alpha ? pow(u * alpha, 1 / (eta + 1)) : pow(1 / (2 - u * alpha), 1 / (eta + 1))
        }
        let c1 = 0.5 * (y1 + y2 - spread(1 + 2 * (y1 - low) / (y2 - y1)) * (y2 - y1))
        let c2 = 0.5 * (y1 + y2 + spread(1 + 2 * (high - y2) / (y2 - y1)) * (y2 - y1))
        return min(max(pickFirst ? c1 : c2, low), high)
    }

    /// Deb's bounded polynomial mutation.
    static func polynomialMutation(_ x: Double, low: Double, high: Double, eta: Double,
                                   rng: inout SeededRandom) -> Double {
        let u = rng.uniform()
        guard high > low else { return x }
        let d1 = (x - low) / (high - low), d2 = (high - x) / (high - low)
        let power = 1 / (eta + 1)
        let delta: Double
        if u < 0.5 {
            delta = pow(2 * u + (1 - 2 * u) * pow(1 - d1, eta + 1), power) - 1
        } else {
            delta = 1 - pow(2 * (1 - u) + 2 * (u - 0.5) * pow(1 - d2, eta + 1), power)
        }
        return min(max(x + delta * (high - low), low), high)
    }

    /// W&B's random draw (the same as `RandomSampler`), for the first generation and fallbacks.
    private func randomValues(_ space: SearchSpace, rng: inout SeededRandom) -> [JSONValue] {
        space.parameters.map { spec in
            if case .constant(let v) = spec.distribution { return v }
            return spec.distribution.quantile(rng.uniform())
        }
    }
}
