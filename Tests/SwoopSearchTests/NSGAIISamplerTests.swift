import Foundation
import Testing
import SwoopConfig
import SwoopModel
@testable import SwoopSearch

/// NSGA-II through the `Study`, on ZDT1 and on small spaces where duplicates would show.
@Suite("NSGA-II sampler")
struct NSGAIISamplerTests {
    static let objectives = [MetricSpec(name: "f1"), MetricSpec(name: "f2")]

    static func zdt1Config(dimensions: Int, runCap: Int? = nil) -> SweepConfig {
        let parameters = (0..<dimensions).map { Fixture.spec("x\($0)", .uniform(min: 0, max: 1)) }
        return SweepConfig(method: .custom, metrics: objectives, space: SearchSpace(parameters: parameters), runCap: runCap)
    }

    /// ZDT1: f1 = x0, f2 = g (1 - sqrt(f1 / g)), g = 1 + 9 mean(x1...); the front is f2 = 1 - sqrt(f1).
    static func zdt1(_ x: [Double]) -> [Double] {
        let g = 1 + 9 * x.dropFirst().reduce(0, +) / Double(x.count - 1)
        return [x[0], g * (1 - (x[0] / g).squareRoot())]
    }

    /// Area dominated by a minimization front up to the reference point (two objectives).
    static func hypervolume(_ points: [[Double]], reference r: [Double]) -> Double {
        var area = 0.0, floor = r[1]
        for p in points.sorted(by: { $0[0] != $1[0] ? $0[0] < $1[0] : $0[1] < $1[1] })
        where p[0] < r[0] && p[1] < floor {
            area += (r[0] - p[0]) * (floor - p[1])
            floor = p[1]
        }
        return area
    }

    static func numbers(_ params: JSONValue, dimensions: Int) -> [Double] {
        (0..<dimensions).map { params["x\($0)"]!.number! }
    }

    /// Runs `trials` sequential ask/tell rounds on ZDT1 and returns the front's hypervolume.
    static func zdt1Hypervolume(_ sampler: any Sampler, dimensions: Int, trials: Int, seed: UInt64) throws -> Double {
        var study = Study(config: zdt1Config(dimensions: dimensions), seed: seed, sampler: sampler, pruner: nil)
        for _ in 0..<trials {
            guard case .trial(let n, let params, _) = try study.ask() else { throw SearchError("ended early") }
            try study.tell(n, values: zdt1(numbers(params, dimensions: dimensions)))
        }
        return hypervolume(study.paretoFront.members.map(\.values), reference: [1.1, 11])
    }

    @Test func hypervolumeByHand() {
        // Rectangles to (2, 2): (2-0)(2-1) + (2-1)(1-0); (1.5, 1.5) lies inside them and adds nothing.
        #expect(Self.hypervolume([[0, 1], [1, 0], [1.5, 1.5]], reference: [2, 2]) == 3)
        #expect(Self.hypervolume([[3, 0]], reference: [2, 2]) == 0)
    }

    @Test func beatsRandomSearchOnZDT1() throws {
        // The true front's hypervolume to (1.1, 11) is 1.1 * 11 - 1/3; the test compares the gaps to it.
        let ideal = 1.1 * 11 - 1.0 / 3
        let settings = NSGAIISettings(populationSize: 20)
        var nsgaGap = 0.0, randomGap = 0.0
        for seed: UInt64 in 1...5 {
            let space = Self.zdt1Config(dimensions: 8).space
            let nsga = try Self.zdt1Hypervolume(NSGAIISampler(space: space, metrics: Self.objectives, settings: settings),
                                                dimensions: 8, trials: 200, seed: seed)
            let random = try Self.zdt1Hypervolume(RandomSampler(), dimensions: 8, trials: 200, seed: seed)
            #expect(nsga > random, "seed \(seed): NSGA-II \(nsga), random \(random)")
            nsgaGap += ideal - nsga
            randomGap += ideal - random
        }
        #expect(nsgaGap < 0.7 * randomGap, "gaps to the true front: NSGA-II \(nsgaGap / 5), random \(randomGap / 5)")
    }

    static let smallSpace = SearchSpace(parameters: [Fixture.values("a", [1, 2, 3]), Fixture.values("b", ["x", "y", "z"]),
                                                     Fixture.constant("c", 0)])

    /// Drives the sampler directly so its generations and parents can be inspected.
    struct Driver {
        var sampler: NSGAIISampler
        var trials: [Trial] = []
        let space: SearchSpace
        let seed: UInt64

        init(space: SearchSpace, populationSize: Int, seed: UInt64 = 7) throws {
            sampler = try NSGAIISampler(space: space, metrics: NSGAIISamplerTests.objectives,
                                        settings: NSGAIISettings(populationSize: populationSize))
            self.space = space
            self.seed = seed
        }

        @discardableResult
        mutating func ask() throws -> Proposal {
            var rng = SeededRandom(seed: seed, stream: UInt64(trials.count))
            let p = try #require(try sampler.propose(SearchContext(space: space, metric: nil, trials: trials), rng: &rng))
            trials.append(Trial(number: trials.count, values: p.values, state: .pending))
            return p
        }

        mutating func tell(_ n: Int, _ values: [Double]) {
            trials[n].state = .finished
            trials[n].objectives = values
        }

        mutating func fail(_ n: Int) { trials[n].state = .failed }
    }

    @Test func pendingTrialsAreNotRepeatedUntilTheSpaceRunsOut() throws {
        var d = try Driver(space: Self.smallSpace, populationSize: 4)
        for _ in 0..<4 { try d.ask() }
        for n in 0..<4 { d.tell(n, [Double(n), Double(4 - n)]) }
        // Five more children of generation 1, none told: with the four above that is all nine points.
        for _ in 0..<5 {
            // Children of so few points often repeat one; the sampler then draws a fresh point instead.
            let p = try d.ask()
            #expect(!p.notes.contains { $0.contains("exhausted") })
        }
        #expect(d.sampler.generationOf[8] == 1)
        #expect(Set(d.trials.map { $0.values.map { ValueKey($0!) } }).count == 9)
        let repeat10 = try d.ask()
        #expect(repeat10.notes.contains { $0.contains("exhausted") })
    }

    @Test func aGenerationWaitsForEnoughFinishedTrialsAndFailuresNeverParent() throws {
        let space = Self.zdt1Config(dimensions: 3).space
        var d = try Driver(space: space, populationSize: 4)
        for _ in 0..<6 { try d.ask() }
        d.fail(0)
        d.fail(1)
        d.tell(2, [1, 1])
        d.tell(3, [2, 0.5])
        try d.ask()
        #expect(d.sampler.generationOf[6] == 0, "two finished trials are not a population of four")
        d.tell(4, [0.5, 2])
        d.tell(5, [3, 3])
        try d.ask()
        #expect(d.sampler.generationOf[7] == 1)
        #expect(d.sampler.parentsOf[1] == [2, 3, 4, 5])
    }

    @Test func lateFinishersJoinTheNextSelection() throws {
        var d = try Driver(space: Self.zdt1Config(dimensions: 2).space, populationSize: 2)
        for _ in 0..<3 { try d.ask() }
        d.tell(0, [3, 3])
        d.tell(1, [4, 4])
        try d.ask()
        #expect(d.sampler.parentsOf[1] == [0, 1])
        d.tell(2, [0, 5])
        d.tell(3, [5, 0])
        try d.ask()
        #expect(d.sampler.generationOf[4] == 1, "only trial 3 of generation 1 has finished")
        d.tell(4, [2, 2])
        try d.ask()
        // Pool {0, 1} ∪ {2, 3, 4}: front 2, 3, 4, where 4 is the crowded middle.
        #expect(d.sampler.parentsOf[2] == [2, 3])
    }

    @Test func sameSeedSameProposalsAndValuesStayInTheirDistributions() throws {
        let space = SearchSpace(parameters: [
            Fixture.spec("lr", .logUniformValues(min: 1e-5, max: 1e-1)),
            Fixture.spec("layers", .intUniform(min: 1, max: 6)),
            Fixture.values("opt", ["adam", "sgd", "rmsprop"]),
            Fixture.spec("drop", .qUniform(min: 0, max: 0.5, q: Quantum(step: 0.05, isInteger: false))),
            Fixture.spec("w", .normal(mu: 0, sigma: 1)),
        ])
        func run(_ seed: UInt64) throws -> [[JSONValue?]] {
            var d = try Driver(space: space, populationSize: 6, seed: seed)
            for n in 0..<60 {
                let p = try d.ask()
                // Parameters sort by name: drop, layers, lr, opt, w.
                let layers = p.values[1].number!, lr = p.values[2].number!
                d.tell(n, [log(lr) + layers, Double(p.values[3] == "adam" ? 1 : 0) - layers])
            }
            return d.trials.map(\.values)
        }
        let a = try run(3)
        #expect(try run(3) == a)
        #expect(try run(4) != a)
        for values in a {
            let (drop, layers, lr, opt) = (values[0]!.number!, values[1]!.number!, values[2]!.number!, values[3]!)
            #expect(drop >= 0 && drop <= 0.5 && (drop / 0.05 - (drop / 0.05).rounded()).magnitude < 1e-9)
            #expect(values[1]! == .int(Int(layers)) && layers >= 1 && layers <= 6)
            #expect(lr >= 1e-5 * (1 - 1e-12) && lr <= 1e-1 * (1 + 1e-12))
            #expect(["adam", "sgd", "rmsprop"].contains(opt.stringValue ?? ""))
            #expect(values[4]!.number!.isFinite)
        }
    }

    @Test func operatorsStayInsideTheirBounds() {
        var rng = SeededRandom(seed: 11)
        for _ in 0..<2000 {
            let lo = 0.2, hi = 0.7
            let x1 = lo + rng.uniform() * (hi - lo), x2 = lo + rng.uniform() * (hi - lo)
            let c = NSGAIISampler.sbx(x1, x2, low: lo, high: hi, eta: 20, rng: &rng)
            let m = NSGAIISampler.polynomialMutation(x1, low: lo, high: hi, eta: 20, rng: &rng)
            #expect(c >= lo && c <= hi && m >= lo && m <= hi)
        }
        // Equal parents give the parent back.
        #expect(NSGAIISampler.sbx(0.3, 0.3, low: 0, high: 1, eta: 20, rng: &rng) == 0.3)
    }

    @Test func samplersRefuseTheWrongNumberOfObjectives() throws {
        let space = Self.zdt1Config(dimensions: 2).space
        #expect(throws: SearchError.self) { try NSGAIISampler(space: space, metrics: [MetricSpec(name: "f1")]) }

        var tpe = Self.zdt1Config(dimensions: 2)
        tpe.scheduler = ["settings": ["sampler": ["type": "TPESampler"]]]
        let e1 = try #require(throws: SearchError.self) { try SearchMethods.sampler(for: tpe) }
        #expect(e1.message.contains("TPESampler") && e1.message.contains("f1 minimize, f2 minimize"))

        var single = SweepConfig(method: .custom, metric: MetricSpec(name: "loss"), space: space)
        single.scheduler = ["settings": ["sampler": ["type": "NSGAIISampler"]]]
        let e2 = try #require(throws: SearchError.self) { try SearchMethods.sampler(for: single) }
        #expect(e2.message.contains("NSGAIISampler") && e2.message.contains("loss"))

        var badArgs = Self.zdt1Config(dimensions: 2)
        badArgs.scheduler = ["settings": ["sampler": ["type": "NSGAIISampler", "args": ["population_size": 1]]]]
        let e3 = try #require(throws: SearchError.self) { try SearchMethods.sampler(for: badArgs) }
        #expect(e3.message.contains("population_size"))

        var random = Self.zdt1Config(dimensions: 2)
        random.scheduler = ["settings": ["sampler": ["type": "RandomSampler"]]]
        #expect(try SearchMethods.sampler(for: random) is RandomSampler)
        var grid = Self.zdt1Config(dimensions: 2)
        grid.scheduler = ["settings": ["sampler": ["type": "GridSampler"]]]
        #expect(throws: SearchError.self) { try SearchMethods.sampler(for: grid) }
        grid.space = SearchSpace(parameters: [Fixture.values("k", [1, 2])])
        #expect(try SearchMethods.sampler(for: grid) is GridSampler)
        #expect(try SearchMethods.sampler(for: Self.zdt1Config(dimensions: 2)) is NSGAIISampler)

        var bayes = Self.zdt1Config(dimensions: 2)
        bayes.method = .bayes
        let e4 = try #require(throws: SearchError.self) { try SearchMethods.sampler(for: bayes) }
        #expect(e4.message.contains("method bayes optimizes one objective"))
    }
}
