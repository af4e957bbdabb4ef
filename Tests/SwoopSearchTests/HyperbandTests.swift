import Testing
import SwoopConfig
import SwoopModel
@testable import SwoopSearch

/// Conformance facts 28–35 (reference §6) for W&B's hyperband early termination.
@Suite("Hyperband")
struct HyperbandTests {
    static let loss = MetricSpec(name: "loss")
    static let accuracy = MetricSpec(name: "accuracy", goal: .maximize)

    static func run(_ number: Int, _ state: TrialState, _ history: [Double]) -> Trial {
        Trial(number: number, values: [], state: state,
              reports: history.enumerated().map { Report(step: $0.offset, value: $0.element) })
    }

    static func stops(_ spec: EarlyTerminateSpec, _ metric: MetricSpec, _ runs: [Trial]) throws -> [Int] {
        let pruner = try HyperbandPruner(spec, metric: metric)
        let context = SearchContext(space: SearchSpace(parameters: []), metric: metric, trials: runs)
        let viaList = pruner.trialsToStop(in: context)
        // The per-trial answer the study uses must agree with the whole-sweep list.
        let viaEach = runs.map(\.number).filter { pruner.shouldPrune(trial: $0, in: context) }
        #expect(viaList == viaEach)
        return viaList
    }

    @Test(arguments: [
        (81, 3.0, 3.0, [3, 9, 27]), (18, 2, 3, [2, 6]), (5, 2, 2, [1, 2]), (9, 2, 3, [1, 3]),
        (10, 3, 3, [1, 3]), (27, 2, 3, [3, 9]), (100, 5, 3, [1, 3, 11, 33]),
    ])
    func fact28MaxIterBands(maxIter: Int, s: Double, eta: Double, bands: [Int]) throws {
        #expect(try HyperbandPruner.bands(EarlyTerminateSpec(maxIter: maxIter, s: s, eta: eta)) == bands)
    }

    @Test func fact28MinIterBands() throws {
        let three = try HyperbandPruner.bands(EarlyTerminateSpec(minIter: 3))
        #expect(Array(three.prefix(6)) == [3, 9, 27, 81, 243, 729])
        let slow = try HyperbandPruner.bands(EarlyTerminateSpec(minIter: 30, eta: 1.5))
        #expect(Array(slow.prefix(6)) == [30, 45, 67, 101, 151, 227])
        #expect(slow.count == 83)  // 30·1.5^k stays below 2^53 for k ≤ 82 (W&B: 100 unbounded bands).
        let two = try HyperbandPruner.bands(EarlyTerminateSpec(minIter: 2, eta: 2))
        #expect(Array(two.prefix(7)) == [2, 4, 8, 16, 32, 64, 128])
        #expect(two.allSatisfy { $0 > 0 && $0 <= HyperbandPruner.maxBand })
    }

    @Test func minIterFormNeverOverflows() throws {
        let bands = try HyperbandPruner.bands(EarlyTerminateSpec(minIter: 1, eta: 1e6))
        #expect(bands == [1, 1_000_000, 1_000_000_000_000])
    }

    @Test func maxIterWinsOverMinIter() throws {
        #expect(try HyperbandPruner.bands(EarlyTerminateSpec(minIter: 1, maxIter: 81, s: 3)) == [3, 9, 27])
    }

    @Test func badBandConfigurations() {
        #expect(throws: SearchError(
            "Bands must be an array of length at least 1. Try increasing s, decreasing eta, or increasing min_iter.")) {
            try HyperbandPruner.bands(EarlyTerminateSpec(maxIter: 2, s: 1, eta: 3))
        }
        #expect(throws: SearchError(
            "invalid config for hyperband stopping: either \"max_iter\" or \"min_iter\" must be specified")) {
            try HyperbandPruner.bands(EarlyTerminateSpec())
        }
        #expect(throws: SearchError.self) { try HyperbandPruner.bands(EarlyTerminateSpec(minIter: 3, eta: 1)) }
        #expect(throws: SearchError.self) { try HyperbandPruner.bands(EarlyTerminateSpec(minIter: 0)) }
        #expect(throws: SearchError("Hyperband stopping requires \"metric\" section")) {
            try HyperbandPruner(EarlyTerminateSpec(minIter: 3), metric: nil)
        }
        #expect(throws: SearchError("Sweep config is not configured for hyperband stopping")) {
            try HyperbandPruner(EarlyTerminateSpec(type: "median", minIter: 3), metric: Self.loss)
        }
    }

    @Test func hugeSIsHarmless() throws {
        #expect(try HyperbandPruner.bands(EarlyTerminateSpec(maxIter: 81, s: 1e18, eta: 3)) == [1, 3, 9, 27])
    }

    @Test func fact29FiveRunsBandOneStopsTwo() throws {
        let runs = [Self.run(0, .finished, [10, 9]), Self.run(1, .running, [10, 10]), Self.run(2, .running, [10, 8, 8]),
                    Self.run(3, .running, [10, 7, 7]), Self.run(4, .finished, [10, 6, 6])]
        let spec = EarlyTerminateSpec(maxIter: 5, s: 2, eta: 2)
        let pruner = try HyperbandPruner(spec, metric: Self.loss)
        let context = SearchContext(space: SearchSpace(parameters: []), metric: Self.loss, trials: runs)
        #expect(pruner.bands == [1, 2])
        #expect(pruner.thresholds(in: context) == [10, 8])
        #expect(try Self.stops(spec, Self.loss, runs) == [1])
    }

    @Test func fact30FirstBandOnly() throws {
        let runs = [Self.run(0, .finished, [10]), Self.run(1, .running, [11]), Self.run(2, .running, [10, 8, 8]),
                    Self.run(3, .running, [10, 7, 7]), Self.run(4, .finished, [10, 6, 6])]
        let spec = EarlyTerminateSpec(maxIter: 5, s: 2, eta: 2)
        let context = SearchContext(space: SearchSpace(parameters: []), metric: Self.loss, trials: runs)
        #expect(try HyperbandPruner(spec, metric: Self.loss).thresholds(in: context) == [10, 7])
        #expect(try Self.stops(spec, Self.loss, runs) == [1, 2])
    }

    @Test(arguments: [false, true])
    func fact31EtaThree(strict: Bool) throws {
        let runs = [Self.run(0, .finished, [9, 8]), Self.run(1, .running, [11, 11]), Self.run(2, .running, [10, 8, 3]),
                    Self.run(3, .running, [10, 7, 4]), Self.run(4, .running, [10, 6, 6])]
        let spec = EarlyTerminateSpec(maxIter: 9, s: 2, eta: 3, strict: strict)
        let pruner = try HyperbandPruner(spec, metric: Self.loss)
        let context = SearchContext(space: SearchSpace(parameters: []), metric: Self.loss, trials: runs)
        #expect(pruner.bands == [1, 3])
        #expect(pruner.thresholds(in: context) == [10, 4])
        #expect(try Self.stops(spec, Self.loss, runs) == [1, 4])
    }

    @Test func fact32MaximizeNegates() throws {
        let runs = [Self.run(0, .finished, [-10, -9]), Self.run(1, .running, [-11, -11]),
                    Self.run(2, .running, [-10, -8, -5, -3]), Self.run(3, .running, [-10, -6, -2]),
                    Self.run(4, .running, [-10, -6, -6, -6])]
        let metric = MetricSpec(name: "loss", goal: .maximize)
        #expect(try Self.stops(EarlyTerminateSpec(maxIter: 9, s: 2, eta: 3, strict: false), metric, runs) == [1, 4])
    }

    @Test func strictAndLenientDiffer() throws {
        // Best-so-far 3 clears the band-3 threshold (4); the value at the band (5) does not.
        let runs = [Self.run(0, .finished, [9, 8, 1]), Self.run(1, .finished, [9, 8, 4]),
                    Self.run(2, .finished, [9, 8, 6]), Self.run(3, .running, [3, 9, 5])]
        #expect(try Self.stops(EarlyTerminateSpec(maxIter: 9, s: 2, eta: 3, strict: true), Self.loss, runs) == [3])
        #expect(try Self.stops(EarlyTerminateSpec(maxIter: 9, s: 2, eta: 3, strict: false), Self.loss, runs) == [])
    }

    @Test func equalToThresholdIsNotStopped() throws {
        let runs = [Self.run(0, .finished, [5]), Self.run(1, .running, [5])]
        #expect(try Self.stops(EarlyTerminateSpec(minIter: 1), Self.loss, runs) == [])
    }

    @Test func fact33SingleImprovingRun() throws {
        let runs = [Self.run(0, .running, (1...10).reversed().map(Double.init))]
        #expect(try Self.stops(EarlyTerminateSpec(maxIter: 18, s: 2, eta: 3, strict: false), Self.loss, runs) == [])
    }

    @Test func fact34MinIterForm() throws {
        let spec = EarlyTerminateSpec(minIter: 3, eta: 3)
        let runs = [Self.run(0, .running, [10, 10, 10, 10]), Self.run(1, .running, (0..<10).map { 10 - Double($0) })]
        #expect(try Self.stops(spec, Self.loss, runs) == [0])
        let mirrored = [Self.run(0, .running, [10, 10, 10, 10]), Self.run(1, .running, (0..<10).map { 10 + Double($0) })]
        #expect(try Self.stops(spec, Self.accuracy, mirrored) == [0])
    }

    /// Fact 35, from W&B's test_hyperband_runs_with_nan_metrics: a running run whose history after the
    /// first value is all NaN has one valid value, below the first band (33), so nothing stops.
    @Test func fact35NaNValuesAreIgnored() throws {
        let d: [Double] = [6.214405059814453, 6.050266265869141, 5.525775909423828, 5.143455982208252, 4.64034366607666,
                           4.741260528564453, 4.611443519592285, 4.968087673187256, 4.743710517883301, 4.415197849273682,
                           4.741386413574219, 5.067233085632324, 4.5482563972473145, 4.0536723136901855,
                           4.09683895111084, 4.25504732131958, 4.438877582550049, 4.651344299316406,
                           3.8646578788757324, 4.26999568939209, 4.551799774169922, 4.867758274078369,
                           4.54986572265625, 4.639401912689209, 4.570009231567383, 4.1927008628845215,
                           4.218729496002197, 4.279715538024902, 4.14383602142334, 4.373849391937256,
                           4.477828025817871, 4.309680461883545, 4.336307048797607, 4.2981953620910645,
                           4.259463310241699, 4.340827465057373]
        let runs = [Self.run(0, .running, [19.68895149230957] + Array(repeating: .nan, count: 41)),
                    Self.run(1, .finished, d)]
        let spec = EarlyTerminateSpec(maxIter: 300, s: 2, eta: 3)
        #expect(try HyperbandPruner.bands(spec) == [33, 100])
        #expect(try Self.stops(spec, MetricSpec(name: "overall_eval_loss"), runs) == [])
    }

    @Test func nonFiniteValuesAreDroppedBeforeIndexing() throws {
        // Filtered, run 2 has one value (no band reached); unfiltered it would be judged at band 2.
        let runs = [Self.run(0, .finished, [1, 1]), Self.run(1, .finished, [1, 1]),
                    Self.run(2, .running, [.nan, 5]), Self.run(3, .running, [.infinity, 1, 7])]
        let spec = EarlyTerminateSpec(maxIter: 4, s: 1, eta: 2)
        #expect(try Self.stops(spec, Self.loss, runs) == [3])
    }

    /// W&B judges only running runs; Swoop also judges pending ones (a trial that reports is running).
    @Test(arguments: TrialState.allCases)
    func onlyUnfinishedTrialsAreJudged(state: TrialState) throws {
        let runs = [Self.run(0, .finished, [1, 1]), Self.run(1, .finished, [1, 1]), Self.run(2, .finished, [1, 1]),
                    Self.run(3, state, [9, 9])]
        let judged = state == .running || state == .pending
        #expect(try Self.stops(EarlyTerminateSpec(minIter: 1, eta: 2), Self.loss, runs) == (judged ? [3] : []))
    }

    @Test func thresholdsHelper() {
        let t = HyperbandPruner.thresholds(bands: [1, 2, 5], eta: 3, histories: [[4, 1], [2], [3, 3], []])
        // band 1: [2, 3, 4][1] = 3; band 2: [1, 3][0] = 1; band 5: none → +∞.
        #expect(t == [3, 1, .infinity])
    }

    @Test func unknownTrialIsNotPruned() throws {
        let pruner = try HyperbandPruner(EarlyTerminateSpec(minIter: 1), metric: Self.loss)
        let context = SearchContext(space: SearchSpace(parameters: []), metric: Self.loss, trials: [Self.run(0, .running, [3])])
        #expect(!pruner.shouldPrune(trial: 7, in: context))
    }
}
