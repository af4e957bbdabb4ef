import SwoopConfig
import SwoopModel
import Testing
@testable import SwoopSearch

/// Optuna's `ThresholdPruner`, `PatientPruner` and `NopPruner`.
@Suite("Optuna threshold, patient and nop pruners")
struct ThresholdPatientNopPrunerTests {
    static func one(_ values: [Double]) -> [Trial] { [History.trial(0, .running, values)] }
    static func one(steps: [(Int, Double)]) -> [Trial] { [History.trial(0, .running, steps: steps)] }

    @Test func thresholdPrunesOutsideTheBoundsAndOnNaN() throws {
        let p = try ThresholdPruner(lower: 0, upper: 1)
        #expect(History.prunesLast(p, Self.one([1.5])))
        #expect(History.prunesLast(p, Self.one([-0.1])))
        #expect(History.prunesLast(p, Self.one([.nan])))
        #expect(!History.prunesLast(p, Self.one([0.5])))
        // The bounds themselves are inside.
        #expect(!History.prunesLast(p, Self.one([1.0])))
        #expect(!History.prunesLast(p, Self.one([0.0])))
        // Only the value at the last step counts, not the best or the most recent report.
        #expect(!History.prunesLast(p, Self.one([9, 0.5])))
        #expect(!History.prunesLast(p, Self.one(steps: [(5, 0.5), (2, 9)])))
        #expect(History.prunesLast(p, Self.one(steps: [(5, 9), (2, 0.5)])))
        // The goal plays no part.
        #expect(History.prunesLast(p, Self.one([1.5]), goal: .maximize))
    }

    @Test func thresholdWithOneBound() throws {
        let lower = try ThresholdPruner(lower: 0)
        #expect(!History.prunesLast(lower, Self.one([1e300])))
        #expect(History.prunesLast(lower, Self.one([-1])))
        let upper = try ThresholdPruner(upper: 10)
        #expect(!History.prunesLast(upper, Self.one([-1e300])))
        #expect(History.prunesLast(upper, Self.one([10.5])))
        #expect(History.prunesLast(upper, Self.one([.infinity])))
    }

    @Test func thresholdWarmupAndInterval() throws {
        let bad = History.trial(0, .running, Array(repeating: 5, count: 7))
        #expect(History.decisionsAlong(try ThresholdPruner(upper: 1, nWarmupSteps: 2), others: [], last: bad)
            == [false, false, true, true, true, true, true])
        #expect(History.decisionsAlong(try ThresholdPruner(upper: 1, intervalSteps: 3), others: [], last: bad)
            == [true, false, false, true, false, false, true])
    }

    @Test func thresholdArgumentsThrowOptunasMessages() {
        #expect(throws: SearchError("Either lower or upper must be specified.")) { try ThresholdPruner() }
        #expect(throws: SearchError("lower should be smaller than upper.")) { try ThresholdPruner(lower: 2, upper: 1) }
        #expect(throws: SearchError("Number of warmup steps cannot be negative but got -1.")) {
            try ThresholdPruner(lower: 0, nWarmupSteps: -1)
        }
    }

    static func patient(_ patience: Int, delta: Double = 0, wrapped: (any Pruner)? = nil,
                        goal: Goal = .minimize) throws -> PatientPruner {
        try PatientPruner(wrapped: wrapped, patience: patience, minDelta: delta, goal: goal)
    }

    @Test func patientPrunesAfterPatienceStepsWithoutImprovement() throws {
        // Best before the last three steps is 4; after it, 4.1: no improvement.
        #expect(History.prunesLast(try Self.patient(2), Self.one([5, 4, 4.5, 4.2, 4.1])))
        #expect(!History.prunesLast(try Self.patient(2), Self.one([5, 4, 4.5, 4.2, 3.9])))
        // Needs more than patience + 1 steps.
        #expect(!History.prunesLast(try Self.patient(2), Self.one([5, 6, 7])))
        #expect(History.prunesLast(try Self.patient(2), Self.one([5, 6, 7, 8])))
        #expect(History.prunesLast(try Self.patient(0), Self.one([5, 6])))
        #expect(!History.prunesLast(try Self.patient(0), Self.one([5, 4])))
        #expect(History.decisionsAlong(try Self.patient(1), others: [], last: History.trial(0, .running, [3, 2, 2.5, 2.4, 1.0]))
            == [false, false, false, true, false])
    }

    @Test func minDeltaToleratesSmallSetbacks() throws {
        // Best after (4.1) is worse than best before (4) by 0.1: within a min_delta of 0.2.
        #expect(History.prunesLast(try Self.patient(2), Self.one([5, 4, 4.3, 4.2, 4.1])))
        #expect(!History.prunesLast(try Self.patient(2, delta: 0.2), Self.one([5, 4, 4.3, 4.2, 4.1])))
        #expect(History.prunesLast(try Self.patient(2, delta: 0.05), Self.one([5, 4, 4.3, 4.2, 4.1])))
    }

    @Test func patientNaNMeansNoEvidence() throws {
        #expect(!History.prunesLast(try Self.patient(1), Self.one([.nan, .nan, 5, 6])))
        #expect(!History.prunesLast(try Self.patient(1), Self.one([1, .nan, .nan])))
        // NaNs among numbers are skipped: before 1, after 2.
        #expect(History.prunesLast(try Self.patient(1), Self.one([1, .nan, 2, .nan])))
    }

    @Test func patientAsksTheWrappedMedianOnlyWhenStagnant() throws {
        let median = try MedianPruner(nStartupTrials: 1, goal: .minimize)
        let p = try Self.patient(1, wrapped: median)
        let done = History.trial(0, .finished, [1, 1, 1, 1, 1])
        func last(_ v: [Double]) -> [Trial] { [done, History.trial(1, .running, v)] }
        // Stagnant and worse than the median: pruned.
        #expect(History.prunesLast(p, last([4, 5, 4.5])))
        // Stagnant but better than the median: the wrapped pruner keeps it.
        #expect(!History.prunesLast(p, last([0.4, 0.5, 0.45])))
        // Worse than the median but still improving: patience keeps it, though the median alone would not.
        #expect(History.prunesLast(median, last([5, 4, 3])))
        #expect(!History.prunesLast(p, last([5, 4, 3])))
        // Patient inside patient.
        let nested = try Self.patient(0, wrapped: try Self.patient(2))
        #expect(History.prunesLast(nested, Self.one([5, 4, 4.5, 4.2, 4.1])))
        #expect(!History.prunesLast(nested, Self.one([5, 4, 4.5, 3.5, 4.1])))
    }

    @Test func patientMaximizeMirrorsMinimize() throws {
        for values in [[5, 4, 4.5, 4.2, 4.1], [5, 4, 4.5, 4.2, 3.9], [5, 4, 4.3, 4.2, 4.1], [3, 2, 2.5, 2.4], [.nan, 1, 2, 3]] {
            for delta in [0.0, 0.2] {
                let low = History.prunesLast(try Self.patient(2, delta: delta), Self.one(values))
                let high = History.prunesLast(try Self.patient(2, delta: delta, goal: .maximize),
                                              History.mirrored(Self.one(values)), goal: .maximize)
                #expect(low == high, "\(values) \(delta)")
            }
        }
    }

    @Test func patientArgumentsThrowOptunasMessages() {
        #expect(throws: SearchError("patience cannot be negative but got -1.")) { try Self.patient(-1) }
        #expect(throws: SearchError("min_delta cannot be negative but got -0.5.")) { try Self.patient(1, delta: -0.5) }
    }

    @Test func nopNeverPrunes() {
        let p = NopPruner()
        let done = History.trial(0, .finished, [0, 0, 0])
        #expect(!History.prunesLast(p, [done, History.trial(1, .running, [.nan, .infinity, 1e300])]))
        #expect(!History.prunesLast(p, [done, History.trial(1, .running, [])]))
    }
}
