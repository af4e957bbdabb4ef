import SwoopConfig
import SwoopModel
import Testing
@testable import SwoopSearch

/// Optuna's `MedianPruner` and `PercentilePruner` on hand-built histories.
@Suite("Optuna median and percentile pruners")
struct PercentilePrunerTests {
    /// Five completed trials; at step 0 they reported 1...5, at step 1 0.5...4.5, at step 2 0.4...4.4.
    static let completed = (0..<5).map { i in
        History.trial(i, .finished, [Double(i + 1), Double(i) + 0.5, Double(i) + 0.4])
    }

    static func median(_ startup: Int = 5, warmup: Int = 0, interval: Int = 1, minTrials: Int = 1,
                       goal: Goal = .minimize) throws -> MedianPruner {
        try MedianPruner(nStartupTrials: startup, nWarmupSteps: warmup, intervalSteps: interval, nMinTrials: minTrials, goal: goal)
    }

    static func running(_ values: [Double], number: Int = 5) -> Trial { History.trial(number, .running, values) }

    @Test func prunesWhenWorseThanTheMedianOfCompletedTrialsAtTheStep() throws {
        let p = try Self.median()
        #expect(History.prunesLast(p, Self.completed + [Self.running([3.5])]))
        #expect(!History.prunesLast(p, Self.completed + [Self.running([2.9])]))
        // Equal to the median is not worse.
        #expect(!History.prunesLast(p, Self.completed + [Self.running([3.0])]))
        // At step 1 the median is 2.5.
        #expect(History.prunesLast(p, Self.completed + [Self.running([2.9, 2.6])]))
    }

    @Test func comparesTheBestValueSoFarNotTheLatest() throws {
        let p = try Self.median()
        // Latest 2.8 is worse than step 1's median 2.5, but the best so far (2.0) is not: Optuna keeps it.
        #expect(!History.prunesLast(p, Self.completed + [Self.running([2.0, 2.8])]))
        #expect(History.prunesLast(p, Self.completed + [Self.running([2.6, 2.8])]))
    }

    @Test func startupCountsCompletedTrialsOnly() throws {
        let p = try Self.median()
        let four = Array(Self.completed.prefix(4))
        let others = [History.trial(10, .running, [0, 0, 0]), History.trial(11, .stopped, [0, 0]),
                      History.trial(12, .failed, [0]), History.trial(13, .pending, [])]
        let late = History.trial(14, .running, [100])
        #expect(!History.prunesLast(p, four + others + [late]))
        #expect(History.prunesLast(p, Self.completed + others + [late]))
        // No completed trial at all never prunes, even with no startup trials asked for.
        #expect(!History.prunesLast(try Self.median(0), others + [late]))
        // Trials that did not complete do not enter the median either: only 0.1 completed at step 0.
        let lone = [History.trial(0, .finished, [0.1]), History.trial(1, .stopped, [100]), History.trial(2, .running, [100])]
        #expect(History.prunesLast(try Self.median(1), lone + [History.trial(3, .running, [0.2])]))
    }

    @Test func warmupAndIntervalSteps() throws {
        let long = (0..<5).map { i in History.trial(i, .finished, Array(repeating: Double(i), count: 8)) }
        let bad = History.trial(5, .running, Array(repeating: 100, count: 7))
        #expect(History.decisionsAlong(try Self.median(warmup: 2), others: long, last: bad)
            == [false, false, true, true, true, true, true])
        // Checkpoints at 1, 3, 5: only the first report at or past each one is judged.
        #expect(History.decisionsAlong(try Self.median(warmup: 1, interval: 2), others: long, last: bad)
            == [false, true, false, true, false, true, false])
        // A report that skips past a checkpoint is judged at once.
        let jump = History.trial(5, .running, steps: [(0, 100), (4, 100), (5, 100)])
        #expect(History.decisionsAlong(try Self.median(warmup: 1, interval: 2), others: long, last: jump) == [false, true, true])
    }

    @Test func minTrialsCountsCompletedTrialsWithTheStep() throws {
        let p = try Self.median(1, minTrials: 2)
        let others = [History.trial(0, .finished, [1, 1, 1, 1]), History.trial(1, .finished, [2, 2])]
        #expect(History.decisionsAlong(p, others: others, last: History.trial(2, .running, [100, 100, 100, 100]))
            == [true, true, false, false])
    }

    @Test func nanValuesPruneAsInOptuna() throws {
        let p = try Self.median()
        #expect(History.prunesLast(p, Self.completed + [Self.running([.nan])]))
        #expect(History.prunesLast(p, Self.completed + [Self.running([.nan, .nan])]))
        // NaN is skipped when finding the best: 2.0 is kept, 3.5 is not.
        #expect(!History.prunesLast(p, Self.completed + [Self.running([.nan, 2.0])]))
        #expect(History.prunesLast(p, Self.completed + [Self.running([3.5, .nan])]))
        // Completed trials' NaNs are left out of the median; all NaN means no judgement.
        let someNaN = [History.trial(0, .finished, [.nan]), History.trial(1, .finished, [1]), History.trial(2, .finished, [.nan])]
        #expect(History.prunesLast(try Self.median(1), someNaN + [History.trial(3, .running, [1.5])]))
        let allNaN = [History.trial(0, .finished, [.nan]), History.trial(1, .finished, [.nan])]
        #expect(!History.prunesLast(try Self.median(1), allNaN + [History.trial(2, .running, [1.5])]))
    }

    @Test func aRepeatedStepKeepsItsFirstValue() throws {
        let p = try Self.median()
        // Optuna ignores the second report of a step (with a warning), so 2.0 stands at step 0.
        #expect(!History.prunesLast(p, Self.completed + [History.trial(5, .running, steps: [(0, 2.0), (0, 9.0)])]))
        #expect(History.prunesLast(p, Self.completed + [History.trial(5, .running, steps: [(0, 9.0), (0, 2.0)])]))
        // Negative steps are refused by Optuna's report; they are not intermediate values here.
        #expect(!History.prunesLast(p, Self.completed + [History.trial(5, .running, steps: [(-1, 9.0)])]))
        // The last step is the largest one, whatever the order of the reports.
        #expect(History.prunesLast(p, Self.completed + [History.trial(5, .running, steps: [(1, 2.6), (0, 2.7)])]))
    }

    @Test func percentile25And75() throws {
        let p25 = try PercentilePruner(percentile: 25, goal: .minimize)
        let p75 = try PercentilePruner(percentile: 75, goal: .minimize)
        // Step 0 values 1...5: the 25th percentile is 2, the 75th is 4.
        #expect(History.prunesLast(p25, Self.completed + [Self.running([2.5])]))
        #expect(!History.prunesLast(p25, Self.completed + [Self.running([1.9])]))
        #expect(!History.prunesLast(p75, Self.completed + [Self.running([2.5])]))
        #expect(History.prunesLast(p75, Self.completed + [Self.running([4.5])]))
        // Four completed values 1...4: NumPy interpolates the 25th percentile to 1.75.
        let four = try PercentilePruner(percentile: 25, nStartupTrials: 4, goal: .minimize)
        let firstFour = Array(Self.completed.prefix(4))
        #expect(History.prunesLast(four, firstFour + [Self.running([1.8])]))
        #expect(!History.prunesLast(four, firstFour + [Self.running([1.7])]))
        #expect(four.percentileValue(at: 0, among: firstFour) == 1.75)
    }

    @Test(arguments: [25.0, 50.0, 75.0])
    func maximizeMirrorsMinimize(percentile: Double) throws {
        let low = try PercentilePruner(percentile: percentile, goal: .minimize)
        let high = try PercentilePruner(percentile: percentile, goal: .maximize)
        for values in [[1.5], [2.5], [3.5], [4.5], [2.0, 2.8], [2.6, 2.8], [.nan], [.nan, 2.0]] {
            let trials = Self.completed + [Self.running(values)]
            let expected = History.prunesLast(low, trials)
            #expect(History.prunesLast(high, History.mirrored(trials), goal: .maximize) == expected, "\(values)")
        }
        // Percentile 25 keeps the top quarter: when maximizing, values below the 75th percentile (4) go.
        if percentile == 25 {
            let up = (0..<5).map { History.trial($0, .finished, [Double($0 + 1)]) }
            #expect(History.prunesLast(high, up + [Self.running([3.5])], goal: .maximize))
            #expect(!History.prunesLast(high, up + [Self.running([4.5])], goal: .maximize))
        }
    }

    @Test func nanPercentileMatchesNumPy() {
        // Values from numpy 2.4 `np.nanpercentile`.
        #expect(PruningMath.nanPercentile([1, 2, 3, 4], 25) == 1.75)
        #expect(PruningMath.nanPercentile([10, 20, 30], 33) == 16.6)
        #expect(PruningMath.nanPercentile([0.1, 0.7, 0.3, .nan], 65) == 0.42)
        #expect(PruningMath.nanPercentile([0.1, 0.2, 0.7], 85) == 0.5499999999999999)
        // NumPy interpolates from the upper neighbour when t >= 0.5; the naive lerp gives 0.52.
        #expect(PruningMath.nanPercentile([0.7, 0.1], 70) == 0.5199999999999999)
        #expect(PruningMath.nanPercentile([3], 0) == 3)
        #expect(PruningMath.nanPercentile([5, 1], 100) == 5)
        #expect(PruningMath.nanPercentile([.nan], 50).isNaN)
        #expect(PruningMath.nanPercentile([], 50).isNaN)
    }

    @Test func firstInIntervalStep() {
        func first(_ step: Int, _ steps: [Int], warmup: Int, interval: Int) -> Bool {
            PruningMath.isFirstInIntervalStep(step, steps: steps, warmupSteps: warmup, intervalSteps: interval)
        }
        #expect(first(0, [0], warmup: 0, interval: 1))
        #expect(first(5, [3, 5, 4], warmup: 0, interval: 1))
        #expect(first(3, [0, 1, 2, 3], warmup: 1, interval: 2))
        #expect(!first(4, [0, 1, 2, 3, 4], warmup: 1, interval: 2))
        #expect(first(7, [0, 2, 7], warmup: 1, interval: 5))
        #expect(!first(9, [0, 6, 9], warmup: 1, interval: 5))
    }

    @Test func argumentsOutOfRangeThrowOptunasMessages() {
        #expect(throws: SearchError("Percentile must be between 0 and 100 inclusive but got 101.0.")) {
            try PercentilePruner(percentile: 101, goal: .minimize)
        }
        #expect(throws: SearchError("Number of startup trials cannot be negative but got -1.")) {
            try MedianPruner(nStartupTrials: -1, goal: .minimize)
        }
        #expect(throws: SearchError("Pruning interval steps must be at least 1 but got 0.")) {
            try MedianPruner(intervalSteps: 0, goal: .minimize)
        }
        #expect(throws: SearchError("Number of trials for pruning must be at least 1 but got 0.")) {
            try MedianPruner(nMinTrials: 0, goal: .minimize)
        }
    }
}
