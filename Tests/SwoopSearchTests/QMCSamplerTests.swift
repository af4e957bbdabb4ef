import Foundation
import SwoopConfig
import SwoopModel
import Testing
@testable import SwoopSearch

@Suite("QMC sampler: Sobol and Halton")
struct QMCSamplerTests {
    static func sobol(_ d: Int, scrambleSeed: UInt64? = nil) -> SobolSequence {
        var rng: SeededRandom? = scrambleSeed.map { SeededRandom(seed: $0) }
        return SobolSequence(dimension: d, scrambleWith: &rng)
    }

    /// scipy.stats.qmc.Sobol(d=3, scramble=False).random(8)
    @Test func firstSobolPointsMatchScipy() {
        let s = Self.sobol(3)
        let expected: [[Double]] = [[0, 0, 0], [0.5, 0.5, 0.5], [0.75, 0.25, 0.25], [0.25, 0.75, 0.75],
                                    [0.375, 0.375, 0.625], [0.875, 0.875, 0.125], [0.625, 0.125, 0.875],
                                    [0.125, 0.625, 0.375]]
        #expect((0..<8).map(s.point) == expected)
    }

    /// Points 5 and 13 of scipy's unscrambled 40-dimensional Sobol sequence: every direction-number
    /// row up to 40 enters (points 5 and 13 use the first, third and fourth direction numbers).
    @Test func fortyDimensionsMatchScipy() {
        let s = Self.sobol(40)
        let p5: [Double] = [0.875, 0.875, 0.125, 0.375, 0.875, 0.625, 0.875, 0.375, 0.375, 0.125, 0.375, 0.875, 0.875,
                            0.125, 0.875, 0.375, 0.875, 0.375, 0.375, 0.625, 0.625, 0.625, 0.875, 0.375, 0.375, 0.375,
                            0.875, 0.125, 0.625, 0.625, 0.875, 0.625, 0.375, 0.375, 0.125, 0.125, 0.125, 0.375, 0.875, 0.375]
        let p13: [Double] = [0.8125, 0.6875, 0.8125, 0.0625, 0.4375, 0.9375, 0.5625, 0.5625, 0.5625, 0.4375, 0.8125,
                             0.9375, 0.0625, 0.8125, 0.1875, 0.5625, 0.1875, 0.6875, 0.5625, 0.9375, 0.5625, 0.0625,
                             0.8125, 0.5625, 0.0625, 0.4375, 0.4375, 0.0625, 0.0625, 0.3125, 0.5625, 0.4375, 0.4375,
                             0.5625, 0.6875, 0.3125, 0.0625, 0.6875, 0.6875, 0.9375]
        #expect(s.point(5) == p5)
        #expect(s.point(13) == p13)
        #expect(SobolSequence.maxDimension >= 21)
    }

    /// A scrambled Sobol sequence is still a (0, m, 1)-net in every coordinate: the first 2^m
    /// points put exactly one point in each of the 2^m equal cells of every axis.
    @Test func scrambledSobolKeepsItsStratification() {
        let s = Self.sobol(8, scrambleSeed: 11)
        let points = (0..<64).map(s.point)
        for d in 0..<8 {
            #expect(Set(points.map { Int($0[d] * 64) }).count == 64)
        }
        #expect(points[0] != [Double](repeating: 0, count: 8))
        #expect(Self.sobol(8, scrambleSeed: 12).point(3) != s.point(3))
    }

    /// Centered L2 discrepancy (Hickernell) of n points in [0, 1]^d.
    static func centeredDiscrepancy(_ x: [[Double]]) -> Double {
        let n = Double(x.count), d = x[0].count
        var a = 0.0, b = 0.0
        for p in x {
            var prod = 1.0
            for v in p { let t = abs(v - 0.5); prod *= 1 + 0.5 * t - 0.5 * t * t }
            a += prod
        }
        for p in x {
            for q in x {
                var prod = 1.0
                for k in 0..<d {
                    prod *= 1 + 0.5 * abs(p[k] - 0.5) + 0.5 * abs(q[k] - 0.5) - 0.5 * abs(p[k] - q[k])
                }
                b += prod
            }
        }
        return (pow(13.0 / 12, Double(d)) - 2 / n * a + b / (n * n)).squareRoot()
    }

    @Test func lowerDiscrepancyThanRandom() {
        var rng = SeededRandom(seed: 4)
        var random = 0.0
        for _ in 0..<5 {
            random += Self.centeredDiscrepancy((0..<128).map { _ in (0..<5).map { _ in rng.uniform() } })
        }
        random /= 5
        var none: SeededRandom? = nil
        var scramble: SeededRandom? = SeededRandom(seed: 9)
        for sequence in [Self.sobol(5, scrambleSeed: 9).point, HaltonSequence(dimension: 5, scrambleWith: &scramble).point,
                         HaltonSequence(dimension: 5, scrambleWith: &none).point] {
            let qmc = Self.centeredDiscrepancy((0..<128).map(sequence))
            #expect(qmc < 0.6 * random, "QMC \(qmc) vs random \(random)")
        }
    }

    @Test func haltonRadicalInverses() {
        var none: SeededRandom? = nil
        let h = HaltonSequence(dimension: 3, scrambleWith: &none)
        let expected: [[Double]] = [[0, 0, 0], [0.5, 1.0 / 3, 0.2], [0.25, 2.0 / 3, 0.4], [0.75, 1.0 / 9, 0.6]]
        for (i, e) in expected.enumerated() {
            #expect(zip(h.point(i), e).allSatisfy { abs($0 - $1) < 1e-15 })
        }
    }

    /// Through the sampler: equal shares of a categorical and an int, continuous values stratified,
    /// the same seed gives the same design and another seed another.
    @Test func samplerSpreadsEveryKindOfParameter() throws {
        let space = SearchSpaceFixtures.space(["c": .categorical(values: ["a", "b", "c", "d"], probabilities: nil),
                                               "k": .intUniform(min: 1, max: 8), "x": .uniform(min: -2, max: 2)])
        func design(_ seed: UInt64, _ settings: QMCSettings = QMCSettings()) throws -> [JSONValue] {
            var study = try SearchMethods.study(for: SweepConfig(method: .custom, space: space, sampler: .qmc(settings)), seed: seed)
            return try (0..<32).map { _ in
                guard case .trial(_, let p, _) = try study.ask() else { throw SearchError("ended") }
                return p
            }
        }
        let points = try design(3)
        for v in ["a", "b", "c", "d"] as [JSONValue] {
            #expect(points.filter { $0["c"] == v }.count == 8)
        }
        for k in 1...8 {
            #expect(points.filter { $0["k"] == .int(k) }.count == 4)
        }
        #expect(Set(points.map { Int((SearchSpaceFixtures.number($0, "x") + 2) / 4 * 32) }).count == 32)
        #expect(try design(3) == points)
        #expect(try design(4) != points)
        #expect(try design(3, QMCSettings(qmcType: .halton)) != points)
        let plain = try design(3, QMCSettings(scramble: false))
        #expect(plain[0] == ["c": "a", "k": 1, "x": -2.0])
        #expect(try design(99, QMCSettings(scramble: false)) == plain)
    }

    @Test func sobolRefusesTooManyDimensions() {
        let space = SearchSpace(parameters: (0..<70).map { Fixture.spec("p\($0)", .uniform(min: 0, max: 1)) })
        #expect(throws: SearchError.self) { try QMCSampler(space: space, seed: 1) }
        #expect((try? QMCSampler(space: space, settings: QMCSettings(qmcType: .halton), seed: 1)) != nil)
    }

    /// Even coverage finds a smooth basin sooner than random points do, averaged over seeds.
    @Test func beatsRandomOnASmoothBasin() throws {
        let space = SearchSpaceFixtures.space(["a": .uniform(min: 0, max: 1), "b": .uniform(min: 0, max: 1),
                                               "c": .uniform(min: 0, max: 1)])
        let f: (JSONValue) -> Double = { p in
            ["a", "b", "c"].reduce(0) { sum, key in
                let d = SearchSpaceFixtures.number(p, key) - 0.37
                return sum + d * d
            }
        }
        var qmc = 0.0, random = 0.0
        for seed in UInt64(1)...20 {
            qmc += try SearchSpaceFixtures.bestAfter(64, space: space, sampler: QMCSampler(space: space, seed: seed), seed: seed, objective: f)
            random += try SearchSpaceFixtures.bestAfter(64, space: space, sampler: RandomSampler(), seed: seed, objective: f)
        }
        #expect(qmc < 0.8 * random, "mean best: QMC \(qmc / 20), random \(random / 20)")
    }
}
