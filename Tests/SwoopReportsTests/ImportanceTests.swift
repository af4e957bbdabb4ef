import Foundation
import SwoopSearch
import Testing
@testable import SwoopReports

@Suite struct ImportanceTests {
    /// `y` depends on `signal` only (non-monotonically); `noise` is drawn independently.
    static func synthetic(_ n: Int, seed: UInt64) -> ([ImportanceFeature], [Double]) {
        var rng = SeededRandom(seed: seed)
        var signal: [Double?] = [], noise: [Double?] = [], y: [Double] = []
        for _ in 0..<n {
            let s = rng.uniform(), z = rng.uniform()
            signal.append(s)
            noise.append(z)
            y.append(10 * (s - 0.4) * (s - 0.4) + 0.05 * rng.gaussian())
        }
        return ([ImportanceFeature(name: "noise", kind: .numeric, values: noise),
                 ImportanceFeature(name: "signal", kind: .numeric, values: signal)], y)
    }

    @Test(arguments: [200, 2_000])
    func theParameterThatMattersGetsAlmostAll(rows: Int) {
        let (features, y) = Self.synthetic(rows, seed: 5)
        let scores = ParameterImportance.compute(features: features, target: y, seed: 1)
        #expect(scores.map(\.name) == ["signal", "noise"])
        #expect(scores[0].importance > 0.85)
        #expect(abs(scores.map(\.importance).reduce(0, +) - 1) < 1e-9)
    }

    @Test func categoricalParametersAreFoundWhateverTheirIndexOrder() {
        var rng = SeededRandom(seed: 9)
        var cat: [Double?] = [], lr: [Double?] = [], y: [Double] = []
        // Category 1 is good, 0 and 2 are bad: not monotone in the index.
        for _ in 0..<600 {
            let c = Int(rng.next() % 3)
            cat.append(Double(c))
            lr.append(pow(10, -4 + 3 * rng.uniform()))
            y.append((c == 1 ? 0 : 1) + 0.05 * rng.gaussian())
        }
        let scores = ParameterImportance.compute(
            features: [ImportanceFeature(name: "lr", kind: .numeric, values: lr),
                       ImportanceFeature(name: "optimizer", kind: .categorical, values: cat)],
            target: y, seed: 2)
        #expect(scores.first?.name == "optimizer")
        #expect((scores.first?.importance ?? 0) > 0.85)
    }

    @Test func sameSeedSameAnswerAndMissingValuesAreTolerated() {
        var (features, y) = Self.synthetic(500, seed: 8)
        for i in stride(from: 0, to: 500, by: 7) { features[0].values[i] = nil }
        y[3] = .nan
        y[4] = .infinity
        let a = ParameterImportance.compute(features: features, target: y, seed: 4)
        let b = ParameterImportance.compute(features: features, target: y, seed: 4)
        #expect(a == b)
        #expect(a.first?.name == "signal")
    }

    @Test func tooFewRowsGiveNoScoresAndAConstantTargetGivesZeros() {
        let (features, y) = Self.synthetic(5, seed: 1)
        #expect(ParameterImportance.compute(features: features, target: y).isEmpty)
        let (f2, _) = Self.synthetic(100, seed: 1)
        let flat = ParameterImportance.compute(features: f2, target: [Double](repeating: 1, count: 100))
        #expect(flat.count == 2)
        #expect(flat.allSatisfy { $0.importance == 0 })
    }

    @Test func ranksShareTiesAndScaleToOne() {
        let expected: [Double] = [2.5 / 3, 0, 2.5 / 3, 1.0 / 3]
        #expect(ParameterImportance.ranks([3, 1, 3, 2]) == expected)
    }
}
