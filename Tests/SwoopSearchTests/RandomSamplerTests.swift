import Foundation
import Testing
import SwoopConfig
import SwoopModel
@testable import SwoopSearch

/// Statistical checks of every distribution as `RandomSampler` draws it (seeded, so deterministic).
@Suite("Random sampler")
struct RandomSamplerTests {
    static let n = 20_000
    /// KS critical value for n = 20000 at α ≈ 0.001 is 1.95/√n ≈ 0.0138.
    static let ksBound = 0.015

    /// Draws `n` values of one parameter through `RandomSampler`, one trial stream each as `Study` does.
    static func draw(_ distribution: Distribution, count: Int = n, seed: UInt64 = 42) -> [JSONValue] {
        let space = SearchSpace(parameters: [Fixture.spec("x", distribution)])
        var sampler = RandomSampler()
        let context = SearchContext(space: space, metric: nil, trials: [])
        return (0..<count).map { i in
            var rng = SeededRandom(seed: seed, stream: UInt64(i))
            return try! sampler.propose(context, rng: &rng)!.values[0]
        }
    }

    static func numbers(_ values: [JSONValue]) -> [Double] { values.map { $0.number! } }

    static func phi(_ x: Double) -> Double { 0.5 * erfc(-x / 2.0.squareRoot()) }

    @Test func uniform() {
        let xs = Self.numbers(Self.draw(.uniform(min: -2, max: 6)))
        #expect(xs.allSatisfy { $0 >= -2 && $0 <= 6 })
        #expect(Fixture.ksDistance(xs) { ($0 + 2) / 8 } < Self.ksBound)
    }

    @Test func logUniformValues() {
        let xs = Self.numbers(Self.draw(.logUniformValues(min: 1e-5, max: 1e-1)))
        #expect(xs.allSatisfy { $0 >= 1e-5 * (1 - 1e-12) && $0 <= 1e-1 * (1 + 1e-12) })
        #expect(Fixture.ksDistance(xs) { (log($0) - log(1e-5)) / (log(1e-1) - log(1e-5)) } < Self.ksBound)
    }

    @Test func invLogUniformValuesIsTheSameLaw() {
        let xs = Self.numbers(Self.draw(.invLogUniformValues(min: 1e-5, max: 1e-1)))
        #expect(Fixture.ksDistance(xs) { (log($0) - log(1e-5)) / (log(1e-1) - log(1e-5)) } < Self.ksBound)
    }

    @Test func logUniformExponents() {
        let xs = Self.numbers(Self.draw(.logUniform(min: -3, max: 1)))
        #expect(xs.allSatisfy { $0 >= exp(-3) * (1 - 1e-12) && $0 <= exp(1) * (1 + 1e-12) })
        #expect(Fixture.ksDistance(xs) { (log($0) + 3) / 4 } < Self.ksBound)
    }

    @Test func invLogUniformExponents() {
        // log(1/X) ~ U(1, 4).
        let xs = Self.numbers(Self.draw(.invLogUniform(min: 1, max: 4)))
        #expect(xs.allSatisfy { $0 >= exp(-4) * (1 - 1e-12) && $0 <= exp(-1) * (1 + 1e-12) })
        #expect(Fixture.ksDistance(xs) { 1 - (log(1 / $0) - 1) / 3 } < Self.ksBound)
    }

    @Test func normal() {
        let xs = Self.numbers(Self.draw(.normal(mu: 3, sigma: 0.5)))
        #expect(xs.allSatisfy { $0.isFinite })
        #expect(Fixture.ksDistance(xs) { Self.phi(($0 - 3) / 0.5) } < Self.ksBound)
    }

    @Test func logNormal() {
        let xs = Self.numbers(Self.draw(.logNormal(mu: -1, sigma: 2)))
        #expect(xs.allSatisfy { $0 > 0 })
        #expect(Fixture.ksDistance(xs) { Self.phi((log($0) + 1) / 2) } < Self.ksBound)
    }

    @Test func betaIntegerShapes() {
        // For integer shapes I_x(a, b) is a binomial tail: Σ_{j=a}^{a+b−1} C(a+b−1, j) x^j (1−x)^{a+b−1−j}.
        let xs = Self.numbers(Self.draw(.beta(a: 2, b: 5)))
        #expect(xs.allSatisfy { $0 >= 0 && $0 <= 1 })
        let cdf: (Double) -> Double = { x in
            (2...6).reduce(0.0) { sum, j in
                let c = Double((1...6).reduce(1, *)) / Double((1...max(j, 1)).reduce(1, *) * (1...max(6 - j, 1)).reduce(1, *))
                return sum + c * pow(x, Double(j)) * pow(1 - x, Double(6 - j))
            }
        }
        #expect(Fixture.ksDistance(xs, cdf: cdf) < Self.ksBound)
    }

    @Test func betaArcsine() {
        let xs = Self.numbers(Self.draw(.beta(a: 0.5, b: 0.5)))
        #expect(xs.allSatisfy { $0 >= 0 && $0 <= 1 })
        #expect(Fixture.ksDistance(xs) { 2 / Double.pi * asin($0.squareRoot()) } < Self.ksBound)
    }

    @Test func intUniformIsUniformOverTheInclusiveRange() {
        let values = Self.draw(.intUniform(min: -3, max: 6))
        var counts: [Int: Int] = [:]
        for v in values {
            guard case .int(let i) = v else { Issue.record("\(v) is not an int"); return }
            counts[i, default: 0] += 1
        }
        #expect(Set(counts.keys) == Set(-3...6))
        let expected = Double(Self.n) / 10
        for (_, c) in counts { #expect(abs(Double(c) - expected) < 4 * expected.squareRoot()) }
    }

    @Test func categoricalIsUniform() {
        let values: [JSONValue] = ["a", 1, 2.5, true, .null]
        let drawn = Self.draw(.categorical(values: values, probabilities: nil))
        let expected = Double(Self.n) / 5
        for v in values {
            let c = Double(drawn.filter { $0 == v }.count)
            #expect(abs(c - expected) < 4 * expected.squareRoot(), "\(v): \(c)")
        }
    }

    /// Conformance fact 46: over 1000 draws each count is within 3·√expected of 1000·p; p = 0 never drawn.
    @Test(arguments: [[0.5, 0.0, 0.5], [0.1, 0.2, 0.7], [0.25, 0.25, 0.25, 0.25], [0.9, 0.05, 0.05]])
    func fact46CategoricalWithProbabilities(probabilities: [Double]) {
        let values = probabilities.indices.map { JSONValue.int($0) }
        let drawn = Self.draw(.categorical(values: values, probabilities: probabilities), count: 1000, seed: 7)
        for (i, p) in probabilities.enumerated() {
            let c = Double(drawn.filter { $0 == .int(i) }.count)
            if p == 0 {
                #expect(c == 0)
            } else {
                #expect(abs(c - 1000 * p) <= 3 * (1000 * p).squareRoot(), "value \(i): \(c) for p \(p)")
            }
        }
    }

    @Test func qUniformFrequencies() {
        // round-half-even of U(0,10)/2: 0 ← [0,1], 2 ← (1,3), ..., 10 ← [9,10]; ends get half weight.
        let values = Self.draw(.qUniform(min: 0, max: 10, q: Quantum(step: 2, isInteger: true)))
        let expected: [Int: Double] = [0: 0.1, 2: 0.2, 4: 0.2, 6: 0.2, 8: 0.2, 10: 0.1]
        var counts: [Int: Int] = [:]
        for v in values {
            guard case .int(let i) = v else { Issue.record("\(v) is not an int"); return }
            counts[i, default: 0] += 1
        }
        #expect(Set(counts.keys) == Set(expected.keys))
        for (k, p) in expected {
            let e = p * Double(Self.n)
            #expect(abs(Double(counts[k] ?? 0) - e) < 4 * e.squareRoot(), "\(k)")
        }
    }

    @Test func qNormalFrequencies() {
        let q = 0.5
        let values = Self.draw(.qNormal(mu: 0, sigma: 1, q: Quantum(step: q, isInteger: false)))
        var counts: [Double: Int] = [:]
        for v in values {
            guard case .double(let x) = v else { Issue.record("\(v) is not a double"); return }
            #expect((x / q).rounded() == x / q)
            counts[x, default: 0] += 1
        }
        for k in -4...4 {
            let x = Double(k) * q
            let p = Self.phi(x + q / 2) - Self.phi(x - q / 2)
            let e = p * Double(Self.n)
            #expect(abs(Double(counts[x] ?? 0) - e) < 4 * e.squareRoot() + 1, "\(x)")
        }
    }

    @Test func qLogUniformValuesAreMultiplesWithinReach() {
        let values = Self.draw(.qLogUniformValues(min: 32, max: 256, q: Quantum(step: 8, isInteger: true)))
        var counts: [Int: Int] = [:]
        for v in values {
            guard case .int(let i) = v else { Issue.record("\(v) is not an int"); return }
            #expect(i % 8 == 0 && i >= 32 && i <= 256)
            counts[i, default: 0] += 1
        }
        // P(88) = P(84 ≤ X < 92) under the log-uniform law (88 is a half-to-even tie point neither side).
        let p = (log(92.0) - log(84.0)) / (log(256.0) - log(32.0))
        let e = p * Double(Self.n)
        #expect(abs(Double(counts[88] ?? 0) - e) < 4 * e.squareRoot())
    }

    @Test func qLogNormalAndQBeta() {
        let ln = Self.draw(.qLogNormal(mu: 2, sigma: 0.5, q: Quantum(step: 1, isInteger: true)), count: 2000)
        #expect(ln.allSatisfy { if case .int(let i) = $0 { return i >= 0 } else { return false } })
        let qb = Self.draw(.qBeta(a: 1, b: 1, q: Quantum(step: 1, isInteger: true)), count: 2000)
        let ones = Double(qb.filter { $0 == .int(1) }.count)
        #expect(qb.allSatisfy { $0 == .int(0) || $0 == .int(1) })
        #expect(abs(ones - 1000) < 4 * 1000.0.squareRoot())
    }

    @Test func constantsAreCarriedAndDrawNothing() throws {
        let with = SearchSpace(parameters: [Fixture.constant("a", ["k": [1, 2]]), Fixture.spec("b", .uniform(min: 0, max: 1))])
        let without = SearchSpace(parameters: [Fixture.spec("b", .uniform(min: 0, max: 1))])
        var sampler = RandomSampler()
        var r1 = SeededRandom(seed: 5), r2 = SeededRandom(seed: 5)
        let p1 = try #require(try sampler.propose(SearchContext(space: with, metric: nil, trials: []), rng: &r1))
        let p2 = try #require(try sampler.propose(SearchContext(space: without, metric: nil, trials: []), rng: &r2))
        #expect(p1.values[0] == ["k": [1, 2]])
        #expect(p1.values[1] == p2.values[0])
    }

    @Test func ignoresHistory() throws {
        let space = SearchSpace(parameters: [Fixture.values("a", [1, 2, 3]), Fixture.spec("b", .normal(mu: 0, sigma: 1))])
        var sampler = RandomSampler()
        var r1 = SeededRandom(seed: 9), r2 = SeededRandom(seed: 9)
        let empty = SearchContext(space: space, metric: nil, trials: [])
        let full = SearchContext(space: space, metric: nil, trials: [Fixture.trial(0, space, ["a": 1, "b": 0.3])])
        let a = try sampler.propose(empty, rng: &r1)
        let b = try sampler.propose(full, rng: &r2)
        #expect(a == b)
    }
}
