import SwoopConfig
import SwoopModel
import Testing
@testable import SwoopSearch

/// Optuna's `HyperbandPruner`: brackets, their budgets, seeded assignment, and halving per bracket.
@Suite("Optuna hyperband pruner")
struct OptunaHyperbandPrunerTests {
    static func hyperband(min: Int = 1, max: PrunerResource = .auto, factor: Int = 3, bootstrap: Int = 0,
                          goal: Goal = .minimize, seed: UInt64 = 0) throws -> OptunaHyperbandPruner {
        try OptunaHyperbandPruner(minResource: min, maxResource: max, reductionFactor: factor, bootstrapCount: bootstrap,
                                  goal: goal, seed: seed)
    }

    @Test(arguments: [
        // Values of Python's floor(math.log(max / min, factor)) + 1; 243 and 1000 come out one short
        // of the exact logarithm, as they do in Optuna.
        (1, 81, 3, 5), (1, 243, 3, 5), (1, 9, 3, 3), (1, 27, 3, 4), (1, 16, 2, 5), (1, 1000, 10, 3),
        (1, 125, 5, 4), (1, 100, 3, 5), (3, 81, 3, 4), (1, 1, 3, 1), (5, 4, 2, 0),
    ])
    func bracketCountMatchesPython(min: Int, max: Int, factor: Int, count: Int) {
        #expect(OptunaHyperbandPruner.bracketCount(minResource: min, maxResource: max, reductionFactor: factor) == count)
    }

    @Test func budgetsFollowOptunasAllocation() {
        // ceil(n · η^s / (s + 1)) with s = n − 1 − b.
        #expect(OptunaHyperbandPruner.budgets(bracketCount: 5, reductionFactor: 3) == [81, 34, 15, 8, 5])
        #expect(OptunaHyperbandPruner.budgets(bracketCount: 5, reductionFactor: 2) == [16, 10, 7, 5, 5])
        #expect(OptunaHyperbandPruner.budgets(bracketCount: 3, reductionFactor: 3) == [9, 5, 3])
        #expect(OptunaHyperbandPruner.budgets(bracketCount: 1, reductionFactor: 4) == [1])
        #expect(OptunaHyperbandPruner.budgets(bracketCount: 0, reductionFactor: 4) == [])
    }

    @Test func bracketsAreSeededAndFollowTheBudgets() throws {
        let budgets = [81, 34, 15, 8, 5]
        let a = try Self.hyperband(seed: 7), b = try Self.hyperband(seed: 7), c = try Self.hyperband(seed: 8)
        let numbers = Array(0..<14_300)
        let fromA = numbers.map { a.bracket(of: $0, budgets: budgets) }
        #expect(fromA == numbers.map { b.bracket(of: $0, budgets: budgets) })
        #expect(fromA != numbers.map { c.bracket(of: $0, budgets: budgets) })
        // 100 draws per budget unit: each bracket's share is its budget over 143, within a few percent.
        for (id, budget) in budgets.enumerated() {
            let share = Double(fromA.filter { $0 == id }.count) / Double(numbers.count)
            #expect(abs(share - Double(budget) / 143) < 0.015, "bracket \(id): \(share)")
        }
        #expect(Set(fromA) == [0, 1, 2, 3, 4])
    }

    /// The first trial numbers that land in each of the brackets for these budgets.
    static func numbers(in bracket: Int, count: Int, pruner: OptunaHyperbandPruner, budgets: [Int]) -> [Int] {
        Array((0..<10_000).lazy.filter { pruner.bracket(of: $0, budgets: budgets) == bracket }.prefix(count))
    }

    @Test func eachBracketHalvesFromItsOwnFirstRung() throws {
        // max 9, factor 3: brackets 0, 1, 2 have their first rung at steps 1, 3 and 9.
        let p = try Self.hyperband(max: .steps(9))
        let budgets = [9, 5, 3]
        let zero = Self.numbers(in: 0, count: 3, pruner: p, budgets: budgets)
        let one = Self.numbers(in: 1, count: 2, pruner: p, budgets: budgets)
        let leader0 = History.trial(zero[0], .finished, Array(repeating: 1, count: 10))
        let leader1 = History.trial(one[0], .finished, Array(repeating: 1, count: 10))
        let bad = Array(repeating: 100.0, count: 4)
        // Bracket 0 judges at steps 1 and 3 (its rungs); bracket 1's first rung is at step 3.
        #expect(History.decisionsAlong(p, others: [leader0, leader1], last: History.trial(zero[1], .running, bad))
            == [false, true, false, true])
        #expect(History.decisionsAlong(p, others: [leader0, leader1], last: History.trial(one[1], .running, bad))
            == [false, false, false, true])
    }

    @Test func trialsCompeteOnlyWithinTheirBracket() throws {
        let p = try Self.hyperband(max: .steps(9))
        let budgets = [9, 5, 3]
        let zero = Self.numbers(in: 0, count: 2, pruner: p, budgets: budgets)
        let one = Self.numbers(in: 1, count: 1, pruner: p, budgets: budgets)
        let rival = History.trial(one[0], .finished, Array(repeating: 1, count: 10))
        let current = History.trial(zero[0], .running, [50, 50])
        // A much better trial in another bracket does not count; alone at its rung, the trial goes on.
        #expect(!History.prunesLast(p, [rival, current]))
        let sameBracket = History.trial(zero[1], .finished, Array(repeating: 1, count: 10))
        #expect(History.prunesLast(p, [rival, sameBracket, current]))
    }

    @Test func oneBracketIsPlainSuccessiveHalving() throws {
        // max == min gives one bracket, so every trial competes as under SuccessiveHalvingPruner.
        let hb = try Self.hyperband(min: 1, max: .steps(1), factor: 2)
        let sh = try SuccessiveHalvingPruner(minResource: .steps(1), reductionFactor: 2, goal: .minimize)
        let crowd = [History.trial(0, .finished, [10, 5, 4, 3.5, 3]), History.trial(1, .stopped, [9, 7]),
                     History.trial(2, .failed, [9, 8])]
        for last in [[9, 6], [9, 7.5], [8, 4, 4.5], [8, 4, 3.9], [8, .nan]] {
            let trials = crowd + [History.trial(3, .running, last)]
            #expect(History.prunesLast(hb, trials) == History.prunesLast(sh, trials), "\(last)")
        }
        #expect(History.prunesLast(hb, crowd + [History.trial(3, .running, [9, 7.5])]))
    }

    @Test func autoMaxResourceComesFromCompletedTrials() throws {
        let p = try Self.hyperband()
        #expect(p.resolvedMaxResource([History.trial(0, .running, Array(repeating: 1, count: 50))]) == nil)
        #expect(p.resolvedMaxResource([History.trial(0, .finished, Array(repeating: 1, count: 9)),
                                       History.trial(1, .finished, Array(repeating: 1, count: 4)),
                                       History.trial(2, .stopped, Array(repeating: 1, count: 30))]) == 9)
        // Until a trial completes there are no brackets, and nothing is pruned.
        let running = (0..<4).map { History.trial($0, .running, Array(repeating: 1, count: 10)) }
        #expect(!History.prunesLast(p, running + [History.trial(4, .running, Array(repeating: 100, count: 10))]))
        #expect(try Self.hyperband(max: .steps(27)).resolvedMaxResource([]) == 27)
    }

    @Test func maximizeMirrorsMinimize() throws {
        let low = try Self.hyperband(max: .steps(9)), high = try Self.hyperband(max: .steps(9), goal: .maximize)
        let others = (0..<12).map { i in
            History.trial(i, .finished, (0..<10).map { s in Double((i * 7 + s) % 5) + 0.1 * Double(i) })
        }
        for v in [0.0, 1.0, 2.5, 4.0, 9.0] {
            let trials = others + [History.trial(12, .running, [v, v, v, v])]
            #expect(History.prunesLast(high, History.mirrored(trials), goal: .maximize) == History.prunesLast(low, trials))
        }
    }

    @Test func argumentsOutOfRangeThrow() {
        #expect(throws: SearchError.self) { try Self.hyperband(min: 0) }
        #expect(throws: SearchError.self) { try Self.hyperband(min: 10, max: .steps(9)) }
        #expect(throws: SearchError("The value of `reduction_factor` is 1, but must be `reduction_factor >= 2`")) {
            try Self.hyperband(factor: 1)
        }
        #expect(throws: SearchError("bootstrap_count > 0 and max_resource == 'auto' are mutually incompatible, bootstrap_count is 2")) {
            try Self.hyperband(bootstrap: 2)
        }
    }
}
