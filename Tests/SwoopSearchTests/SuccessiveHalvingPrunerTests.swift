import SwoopConfig
import SwoopModel
import Testing
@testable import SwoopSearch

/// Optuna's `SuccessiveHalvingPruner`, rungs derived from the reports.
@Suite("Optuna successive halving pruner")
struct SuccessiveHalvingPrunerTests {
    static func halving(_ minResource: PrunerResource = .steps(1), factor: Int = 2, rate: Int = 0, bootstrap: Int = 0,
                        goal: Goal = .minimize) throws -> SuccessiveHalvingPruner {
        try SuccessiveHalvingPruner(minResource: minResource, reductionFactor: factor, minEarlyStoppingRate: rate,
                                    bootstrapCount: bootstrap, goal: goal)
    }

    /// Rungs at steps 1, 2, 4 with factor 2: it records 5, 4 and 3 there.
    static let leader = History.trial(0, .finished, [10, 5, 4, 3.5, 3])

    @Test func rungValuesAreTheValuesWhereEachRungIsFirstReached() throws {
        let two = try Self.halving()
        #expect(two.rungValues(Self.leader.reports, minResource: 1) == [5, 4, 3])
        let three = try Self.halving(factor: 3)
        #expect(three.rungValues(Self.leader.reports, minResource: 1) == [5, 3.5])
        // Jumping from step 0 to step 4 reaches rungs 0, 1 and 2 at once, all with the value at 4.
        #expect(two.rungValues([Report(step: 0, value: 8), Report(step: 4, value: 2)], minResource: 1) == [2, 2, 2])
        // A NaN at a rung is not recorded (Optuna prunes first); the next report records the rung.
        #expect(two.rungValues([Report(step: 0, value: 9), Report(step: 1, value: .nan), Report(step: 2, value: 7)],
                               minResource: 1) == [7, 7])
        #expect(try Self.halving(rate: 1).rungValues(Self.leader.reports, minResource: 1) == [4, 3])
        #expect(two.promotionStep(rung: 3, minResource: 1) == 8)
        #expect(two.promotionStep(rung: 70, minResource: 1) == nil)
    }

    @Test func factorTwoPromotesTheBetterHalf() throws {
        let p = try Self.halving()
        // Alone with the leader at rung 0 (value 5): only the best of the two goes on.
        #expect(History.decisionsAlong(p, others: [Self.leader], last: History.trial(1, .running, [8, 6])) == [false, true])
        #expect(History.decisionsAlong(p, others: [Self.leader], last: History.trial(1, .running, [8, 4])) == [false, false])
        // At rung 1 (step 2) it meets the leader's 4.
        #expect(History.decisionsAlong(p, others: [Self.leader], last: History.trial(1, .running, [8, 4, 4.5]))
            == [false, false, true])
        #expect(History.decisionsAlong(p, others: [Self.leader], last: History.trial(1, .running, [8, 4, 3.9, 3.8]))
            == [false, false, false, false])
        // Stopped and failed trials' rungs count too: with 5, 7 and 8 there, the best two of four go on.
        let crowd = [Self.leader, History.trial(1, .stopped, [9, 7]), History.trial(2, .failed, [9, 8])]
        #expect(!History.prunesLast(p, crowd + [History.trial(3, .running, [9, 6])]))
        #expect(!History.prunesLast(p, crowd + [History.trial(3, .running, [9, 7])]))
        #expect(History.prunesLast(p, crowd + [History.trial(3, .running, [9, 7.5])]))
        // With only three at the rung, 6 is no longer in the best half.
        #expect(History.prunesLast(p, Array(crowd.prefix(2)) + [History.trial(3, .running, [9, 6])]))
    }

    @Test func factorThreePromotesTheBestThird() throws {
        let p = try Self.halving(factor: 3)
        let five = (0..<5).map { History.trial($0, .finished, [9, Double($0 + 1)]) }
        #expect(History.prunesLast(p, five + [History.trial(5, .running, [9, 2.5])]))
        #expect(!History.prunesLast(p, five + [History.trial(5, .running, [9, 1.5])]))
        // Fewer than three at the rung: only the very best goes on.
        #expect(History.prunesLast(p, Array(five.prefix(2)) + [History.trial(5, .running, [9, 1.5])]))
        #expect(!History.prunesLast(p, Array(five.prefix(2)) + [History.trial(5, .running, [9, 0.5])]))
        // The next rung is at step 3, so step 2 is not judged.
        #expect(History.decisionsAlong(p, others: five, last: History.trial(5, .running, [9, 1.5, 100])) == [false, false, false])
    }

    @Test func oneReportCanCrossSeveralRungs() throws {
        let p = try Self.halving()
        func jump(_ v: Double) -> Trial { History.trial(1, .running, steps: [(0, 8), (4, v)]) }
        // Rung 0 against 5 passes, rung 1 against 4 fails.
        #expect(History.prunesLast(p, [Self.leader, jump(4.5)]))
        #expect(History.prunesLast(p, [Self.leader, jump(3.9)]))
        #expect(!History.prunesLast(p, [Self.leader, jump(2.9)]))
    }

    @Test func aTrialPrunedWhileCrossingRungsRecordsOnlyUpToTheRungItFailed() throws {
        // Sparse reports: step 4 reaches rungs 0, 1 and 2 (steps 1, 2, 4) at once.
        let p = try Self.halving()
        func sparse(_ n: Int, _ state: TrialState, _ v: Double) -> Trial {
            History.trial(n, state, steps: [(0, 10), (4, v)])
        }
        // Optuna, in this order: trial 0 (4) passes every rung alone; trial 1 (9) fails rung 0 and
        // stops, so it records rung 0 only; trial 2 (3.5) is best at every rung.
        let before = [sparse(0, .finished, 4), sparse(1, .stopped, 9), sparse(2, .finished, 3.5)]
        #expect(p.recordedRungs(before, besides: [], minResource: 1) == [[4, 4, 4], [9], [3.5, 3.5, 3.5]])
        // Trial 3 (3.8) is second of four at rung 0 (promoted), but at rung 1 it meets only 4 and
        // 3.5: with three there, only the best goes on. Had trial 1 recorded 9 at rung 1 too, 3.8
        // would be second of four again and kept.
        #expect(History.prunesLast(p, before + [sparse(3, .running, 3.8)]))
        #expect(!History.prunesLast(p, before + [sparse(3, .running, 3.4)]))
        // A trial that completed was not pruned: all its rungs count.
        let completed = [sparse(0, .finished, 4), sparse(1, .finished, 9), sparse(2, .finished, 3.5)]
        #expect(p.recordedRungs(completed, besides: [], minResource: 1) == [[4, 4, 4], [9, 9, 9], [3.5, 3.5, 3.5]])
        #expect(!History.prunesLast(p, completed + [sparse(3, .running, 3.8)]))
    }

    @Test func repeatedStepsKeepTheirFirstValueAtRungs() throws {
        let p = try Self.halving()
        let reports = [Report(step: 0, value: 10), Report(step: 1, value: 9), Report(step: 1, value: 1),
                       Report(step: -1, value: 0), Report(step: 3, value: 8), Report(step: 2, value: 0)]
        #expect(IntermediateValues.acceptedReports(reports) == IntermediateValues(reports).accepted)
        #expect(IntermediateValues.acceptedReports(reports).map(\.step) == [0, 1, 3, 2])
        #expect(p.rungValues(IntermediateValues.acceptedReports(reports), minResource: 1) == [9, 8])
        // The rival's rung 0 is 9, not the repeated 1, so 5 is the better of the two.
        let rival = History.trial(0, .finished, steps: [(0, 10), (1, 9), (1, 1)])
        #expect(!History.prunesLast(p, [rival, History.trial(1, .running, [9, 5])]))
        #expect(History.prunesLast(p, [rival, History.trial(1, .running, [9, 9.5])]))
    }

    @Test func nanAtARungPrunes() throws {
        #expect(History.prunesLast(try Self.halving(), [Self.leader, History.trial(1, .running, [8, .nan])]))
        // Before the first rung there is nothing to judge, NaN or not.
        #expect(!History.prunesLast(try Self.halving(.steps(2)), [Self.leader, History.trial(1, .running, [8, .nan])]))
    }

    @Test func autoMinResourceComesFromCompletedTrials() throws {
        #expect(SuccessiveHalvingPruner.estimatedMinResource([History.trial(0, .finished, steps: [(250, 1)])]) == 2)
        #expect(SuccessiveHalvingPruner.estimatedMinResource([History.trial(0, .finished, steps: [(99, 1)])]) == 1)
        #expect(SuccessiveHalvingPruner.estimatedMinResource([History.trial(0, .running, steps: [(500, 1)])]) == nil)
        #expect(SuccessiveHalvingPruner.estimatedMinResource([]) == nil)
        let p = try Self.halving(.auto)
        let runner = History.trial(0, .running, Array(repeating: 1, count: 300))
        // Nothing completed: Optuna cannot estimate and never prunes.
        #expect(!History.prunesLast(p, [runner, History.trial(1, .running, [100, 100, 100])]))
        // A completed trial with 251 steps (last step 250) puts the first rung at step 2.
        let done = History.trial(0, .finished, Array(repeating: 1, count: 251))
        #expect(History.decisionsAlong(p, others: [done], last: History.trial(1, .running, [100, 100, 100]))
            == [false, false, true])
    }

    @Test func bootstrapPrunesUntilEnoughTrialsReachTheRung() throws {
        let p = try Self.halving(bootstrap: 2)
        #expect(History.prunesLast(p, [History.trial(0, .running, [9, 4])]))
        #expect(History.prunesLast(p, [History.trial(0, .stopped, [9, 5]), History.trial(1, .running, [9, 4])]))
        #expect(!History.prunesLast(p, [History.trial(0, .stopped, [9, 5]), History.trial(1, .stopped, [9, 7]),
                                        History.trial(2, .running, [9, 4])]))
    }

    @Test func minEarlyStoppingRateDelaysTheFirstRung() throws {
        let p = try Self.halving(rate: 1)
        #expect(History.decisionsAlong(p, others: [Self.leader], last: History.trial(1, .running, [8, 100, 100]))
            == [false, false, true])
    }

    @Test func maximizeMirrorsMinimize() throws {
        let low = try Self.halving(), high = try Self.halving(goal: .maximize)
        let crowd = [Self.leader, History.trial(1, .stopped, [9, 7]), History.trial(2, .failed, [9, 8])]
        for last in [[9, 6], [9, 7], [9, 7.5], [8, 4, 4.5], [8, 4, 3.9], [8, .nan], [8, 1, 0.5, 0.4, 0.2]] {
            let trials = crowd + [History.trial(3, .running, last)]
            #expect(History.prunesLast(high, History.mirrored(trials), goal: .maximize) == History.prunesLast(low, trials),
                    "\(last)")
        }
        // Of [5, 6, 7, 8], factor 2 promotes two when maximizing: 7 (one better) but not 6 (two better).
        let table = RungTable([[5], [6], [7], [8]], goal: .maximize)
        let seven = table.standing(of: 7, rung: 0, own: 7), six = table.standing(of: 6, rung: 0, own: 6)
        #expect(seven.count == 3 && seven.better == 1 && six.better == 2)
        #expect(SuccessiveHalvingPruner.isPromotable(better: seven.better, competitors: 4, reductionFactor: 2))
        #expect(!SuccessiveHalvingPruner.isPromotable(better: six.better, competitors: 4, reductionFactor: 2))
    }

    @Test func argumentsOutOfRangeThrowOptunasMessages() {
        #expect(throws: SearchError("The value of `reduction_factor` is 1, but must be `reduction_factor >= 2`")) {
            try Self.halving(factor: 1)
        }
        #expect(throws: SearchError("The value of `min_resource` is 0, but must be either `min_resource >= 1` or 'auto'")) {
            try Self.halving(.steps(0))
        }
        #expect(throws: SearchError("bootstrap_count > 0 and min_resource == 'auto' are mutually incompatible, bootstrap_count is 1")) {
            try Self.halving(.auto, bootstrap: 1)
        }
    }
}
