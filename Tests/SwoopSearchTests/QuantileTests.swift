import Foundation
import Testing
import SwoopConfig
import SwoopModel
@testable import SwoopSearch

/// Conformance fact 45 and the rest of the §2.3 quantile table.
@Suite("Distribution quantiles")
struct QuantileTests {
    @Test func intUniform() {
        let d = Distribution.intUniform(min: 1, max: 3)
        #expect(d.quantile(0.33) == 1)
        #expect(d.quantile(0.34) == 2)
        #expect(d.quantile(0.67) == 3)
        #expect(d.quantile(1) == 3)
        // W&B gives min − 1 at u = 0; Swoop clamps.
        #expect(d.quantile(0) == 1)
    }

    @Test func intUniformScipyCorrection() {
        // 0.7·10 rounds to 7.000000000000001: a plain ceil would say index 7, scipy says 6.
        let d = Distribution.intUniform(min: 0, max: 9)
        #expect(d.quantile(0.7) == 6)
        #expect(d.quantile(0.7000001) == 7)
    }

    @Test func intUniformHugeRange() {
        let d = Distribution.intUniform(min: Int.min, max: Int.max)
        #expect(d.quantile(0) == .int(Int.min))
        #expect(d.quantile(1) == .int(Int.max))
        guard case .int(let mid) = d.quantile(0.5) else { Issue.record("not an int"); return }
        #expect(abs(Double(mid)) < 1e4)
    }

    @Test func categorical() {
        let d = Distribution.categorical(values: ["a", "b", "c"], probabilities: nil)
        #expect(d.quantile(0.33) == "a")
        #expect(d.quantile(0.34) == "b")
        #expect(d.quantile(0.99) == "c")
        #expect(d.quantile(1) == "c")
        // W&B wraps to the last value at u = 0; Swoop clamps to the first.
        #expect(d.quantile(0) == "a")
    }

    @Test func categoricalKeepsExactValues() {
        let values: [JSONValue] = [1.0, 1, true, ["x": [1, 2]], .null]
        let d = Distribution.categorical(values: values, probabilities: nil)
        for (i, v) in values.enumerated() {
            let u = (Double(i) + 0.5) / Double(values.count)
            #expect(d.quantile(u) == v)
        }
    }

    @Test func categoricalWithProbabilities() {
        let d = Distribution.categorical(values: ["a", "b", "c"], probabilities: [0.2, 0.3, 0.5])
        #expect(d.quantile(0) == "a")
        #expect(d.quantile(0.19) == "a")
        #expect(d.quantile(0.2) == "b")
        #expect(d.quantile(0.49) == "b")
        #expect(d.quantile(0.5) == "c")
        #expect(d.quantile(1) == "c")
    }

    @Test func probabilitiesShortOfOneNeverPickZeroWeight() {
        let d = Distribution.categorical(values: ["a", "b", "c"], probabilities: [0.5, 0.4999999, 0])
        #expect(d.quantile(0.99999999) == "b")
    }

    @Test func qUniformIntegerQ() {
        let d = Distribution.qUniform(min: 0, max: 10, q: Quantum(step: 2, isInteger: true))
        #expect(d.quantile(0) == .int(0))
        #expect(d.quantile(0.1) == .int(0))
        #expect(d.quantile(0.5) == .int(4))
        #expect(d.quantile(0.95) == .int(10))
        #expect(d.quantile(1) == .int(10))
    }

    @Test func qUniformRoundsHalfToEven() {
        // Reference §2.3 (verified): q_uniform 0..10, q=1 at 0.05, 0.15, 0.25, 0.35 → 0, 2, 2, 4.
        let d = Distribution.qUniform(min: 0, max: 10, q: Quantum(step: 1, isInteger: true))
        #expect([0.05, 0.15, 0.25, 0.35].map(d.quantile) == [.int(0), .int(2), .int(2), .int(4)])
    }

    @Test func qUniformFloatQIsDouble() {
        let d = Distribution.qUniform(min: 0, max: 10, q: Quantum(step: 1.0, isInteger: false))
        #expect(d.quantile(0.3) == .double(3.0))
    }

    @Test func logUniformValues() throws {
        for d in [Distribution.logUniformValues(min: 1e-4, max: 1e-1), .invLogUniformValues(min: 1e-4, max: 1e-1)] {
            let v = try #require(d.quantile(0.5).number)
            #expect(abs(v - 0.0031622776601683794) < 1e-12)
            #expect(abs(try #require(d.quantile(0).number) - 1e-4) < 1e-15)
            #expect(abs(try #require(d.quantile(1).number) - 1e-1) < 1e-15)
        }
    }

    @Test func invLogUniformValuesEqualsLogUniformValues() {
        let a = Distribution.logUniformValues(min: 0.01, max: 50)
        let b = Distribution.invLogUniformValues(min: 0.01, max: 50)
        for u in stride(from: 0.0, through: 1.0, by: 0.05) {
            let x = a.quantile(u).number!, y = b.quantile(u).number!
            #expect(abs(x - y) <= 1e-12 * x)
        }
    }

    @Test func logUniformExponents() throws {
        let d = Distribution.logUniform(min: 0, max: 2)
        #expect(abs(try #require(d.quantile(0).number) - 1) < 1e-15)
        #expect(abs(try #require(d.quantile(0.5).number) - M_E) < 1e-15)
        #expect(abs(try #require(d.quantile(1).number) - M_E * M_E) < 1e-14)
    }

    @Test func invLogUniformExponents() throws {
        // log(1/X) ~ U(min, max): u = 1 gives exp(−min), u = 0 gives exp(−max).
        let d = Distribution.invLogUniform(min: 0, max: 2)
        #expect(abs(try #require(d.quantile(1).number) - 1) < 1e-15)
        #expect(abs(try #require(d.quantile(0).number) - exp(-2)) < 1e-15)
    }

    @Test func qLogUniformValues() {
        let d = Distribution.qLogUniformValues(min: 32, max: 256, q: Quantum(step: 8, isInteger: true))
        #expect(d.quantile(0.5) == .int(88))
    }

    @Test func qLogUniformExponents() {
        let d = Distribution.qLogUniform(min: 0, max: 2, q: Quantum(step: 0.5, isInteger: false))
        #expect(d.quantile(0.5) == .double(2.5))
    }

    @Test func normalFamilies() throws {
        let n = try #require(Distribution.normal(mu: 1, sigma: 2).quantile(0.975).number)
        #expect(abs(n - 4.919927969080108) < 1e-12)
        let ln = try #require(Distribution.logNormal(mu: 1, sigma: 2).quantile(0.5).number)
        #expect(abs(ln - M_E) < 1e-15)
        #expect(Distribution.qNormal(mu: 1, sigma: 2, q: Quantum(step: 1, isInteger: true)).quantile(0.975) == .int(5))
        #expect(Distribution.qLogNormal(mu: 1, sigma: 2, q: Quantum(step: 1, isInteger: true)).quantile(0.5) == .int(3))
    }

    @Test func unboundedEndsStayFinite() {
        for d in [Distribution.normal(mu: 0, sigma: 1), .logNormal(mu: 0, sigma: 1),
                  .qNormal(mu: 0, sigma: 1, q: Quantum(step: 0.1, isInteger: false))] {
            for u in [0.0, 1.0] {
                let v = d.quantile(u).number
                #expect(v != nil && v!.isFinite, "\(d) at \(u)")
            }
        }
    }

    @Test func qBetaDefault() {
        let d = Distribution.qBeta(a: 1, b: 1, q: Quantum(step: 1, isInteger: true))
        #expect(d.quantile(0.49) == .int(0))
        #expect(d.quantile(0.51) == .int(1))
        let f = Distribution.qBeta(a: 1, b: 1, q: Quantum(step: 1.0, isInteger: false))
        #expect(f.quantile(0.51) == .double(1.0))
    }

    @Test func beta() throws {
        let v = try #require(Distribution.beta(a: 2, b: 5).quantile(0.5).number)
        #expect(abs(v - 0.26444998329566005) < 1e-13)
    }

    @Test func constant() {
        #expect(Distribution.constant(["x": 1]).quantile(0.3) == ["x": 1])
        #expect(Distribution.constant(.null).quantile(0.3) == .null)
    }

    @Test func uniform() {
        #expect(Distribution.uniform(min: -1, max: 3).quantile(0.25) == .double(0))
        #expect(Distribution.uniform(min: -1, max: 3).quantile(2) == .double(3))
        #expect(Distribution.uniform(min: -1, max: 3).quantile(.nan) == .double(-1))
    }
}
