import Foundation
import Testing
import SwoopConfig
import SwoopModel
@testable import SwoopSearch

/// W&B's normalization to the unit cube (reference §2.4), as `Distribution.cdf`.
@Suite("Distribution CDF")
struct CDFTests {
    /// Conformance fact 38: four nested-list categories normalize to 0.25, 0.5, 0.75, 1.0 and the
    /// quantiles 0.1, 0.4, 0.7, 0.9 map back to them in order.
    @Test func fact38CategoricalCoordinates() {
        let values: [JSONValue] = [[2, 3], [3, 4], ["5", "6"], [[7, 8], ["9", [10, 11]]]]
        let d = Distribution.categorical(values: values, probabilities: nil)
        #expect(values.map(d.cdf) == [0.25, 0.5, 0.75, 1.0])
        #expect([0.1, 0.4, 0.7, 0.9].map(d.quantile) == values)
    }

    /// Fact 44 is a W&B bug (falsy values read as missing); Swoop keeps False apart from True.
    @Test func fact44FalsyValuesAreNotMissing() {
        let d = Distribution.categorical(values: [true, false], probabilities: nil)
        #expect(d.cdf(false) == 1.0)
        #expect(d.cdf(true) == 0.5)
        let n = Distribution.categorical(values: [1, 0, "", .null], probabilities: nil)
        #expect([0, "", .null].map(n.cdf) == [0.5, 0.75, 1.0])
    }

    @Test func categoricalEquality() {
        let d = Distribution.categorical(values: [1, true, "1", ["a": 1, "b": 2]], probabilities: nil)
        #expect(d.cdf(1.0) == 0.25)
        #expect(d.cdf(true) == 0.5)
        #expect(d.cdf("1") == 0.75)
        #expect(d.cdf(["b": 2, "a": 1]) == 1.0)
        #expect(d.cdf(2) == nil)
        #expect(d.cdf(["a": 1]) == nil)
    }

    @Test func categoricalWithProbabilitiesRoundTrips() throws {
        let values: [JSONValue] = ["a", "b", "c", "d"]
        let d = Distribution.categorical(values: values, probabilities: [0.2, 0.3, 0.5, 0.0])
        #expect(d.cdf("a") == 0.1)
        #expect(abs(try #require(d.cdf("b")) - 0.35) < 1e-15)
        #expect(d.cdf("c") == 0.75)
        for v in values.prefix(3) { #expect(d.quantile(d.cdf(v)!) == v) }
        #expect(d.cdf("d") == 1.0)
        #expect(d.cdf("e") == nil)
    }

    @Test func constant() {
        let d = Distribution.constant(["x": 1])
        #expect(d.cdf(["x": 1.0]) == 0)
        #expect(d.cdf(["x": 2]) == nil)
    }

    @Test func intUniformIsScipyRandint() {
        let d = Distribution.intUniform(min: 1, max: 3)
        // scipy.stats.randint.cdf([1, 2, 3, 0, 4, 2.5], 1, 4)
        let got = [1, 2, 3, 0, 4, 2.5].map(d.cdf)
        let want = [1.0 / 3, 2.0 / 3, 1, 0, 1, 2.0 / 3]
        for (g, w) in zip(got, want) { #expect(abs(g! - w) < 1e-15) }
        #expect(d.cdf(true) == nil)
        #expect(d.cdf("2") == nil)
        #expect(d.cdf(.double(.nan)) == nil)
    }

    @Test func uniformClampsLikeScipy() {
        let d = Distribution.uniform(min: 0, max: 2)
        #expect([-1, 0.5, 3].map(d.cdf) == [0, 0.25, 1])
        let q = Distribution.qUniform(min: 0, max: 10, q: Quantum(step: 2, isInteger: true))
        #expect(q.cdf(4) == 0.4)
        #expect(q.cdf(11) == 1)
    }

    @Test func logFamilies() throws {
        let values = Distribution.logUniformValues(min: 1e-4, max: 1e-1)
        #expect(abs(try #require(values.cdf(0.0031622776601683794)) - 0.5) < 1e-12)
        #expect(values.cdf(0) == 0)
        #expect(values.cdf(-1) == nil)
        let inv = Distribution.invLogUniformValues(min: 1e-4, max: 1e-1)
        let invAt = try #require(inv.cdf(0.01)), valuesAt = try #require(values.cdf(0.01))
        #expect(abs(invAt - valuesAt) < 1e-12)
        let exponents = Distribution.logUniform(min: 0, max: 2)
        #expect(abs(try #require(exponents.cdf(.double(M_E))) - 0.5) < 1e-15)
        let invExponents = Distribution.invLogUniform(min: 0, max: 2)
        #expect(abs(try #require(invExponents.cdf(.double(exp(-0.5)))) - 0.75) < 1e-15)
        #expect(invExponents.cdf(-1) == nil)
    }

    @Test func normalFamilies() throws {
        let n = Distribution.normal(mu: 1, sigma: 2)
        #expect(abs(try #require(n.cdf(4.91992796908)) - 0.9749999999999969) < 1e-12)
        let ln = Distribution.logNormal(mu: 1, sigma: 2)
        // scipy.stats.lognorm.cdf([-1, 0, e], s=2, scale=e)
        #expect(ln.cdf(-1) == 0)
        #expect(ln.cdf(0) == 0)
        #expect(abs(try #require(ln.cdf(.double(M_E))) - 0.5) < 1e-15)
        let point = Distribution.normal(mu: 1, sigma: 0)
        #expect(point.cdf(0.5) == 0)
        #expect(point.cdf(1) == 1)
    }

    @Test func beta() throws {
        let d = Distribution.beta(a: 2, b: 5)
        #expect(abs(try #require(d.cdf(0.3)) - 0.579825) < 1e-13)
        #expect(d.cdf(-0.5) == 0)
        #expect(d.cdf(1.5) == 1)
    }

    /// Every continuous family: `cdf(quantile(u)) ≈ u`, which is what lets bayes map back and forth.
    @Test(arguments: [
        Distribution.uniform(min: -3, max: 7),
        .logUniform(min: -5, max: 2),
        .logUniformValues(min: 1e-6, max: 10),
        .invLogUniform(min: 1, max: 6),
        .invLogUniformValues(min: 1e-3, max: 1),
        .normal(mu: 2, sigma: 3),
        .logNormal(mu: -1, sigma: 0.5),
        .beta(a: 0.7, b: 3.5),
        .beta(a: 20, b: 20),
    ])
    func roundTrip(distribution: Distribution) throws {
        for u in stride(from: 0.01, through: 0.99, by: 0.049) {
            let v = distribution.quantile(u)
            let back = try #require(distribution.cdf(v))
            #expect(abs(back - u) < 1e-9, "\(distribution.wandbName) at \(u): \(back)")
        }
    }

    @Test func discreteRoundTrip() {
        let d = Distribution.intUniform(min: -5, max: 12)
        for k in -5...12 { #expect(d.quantile(d.cdf(.int(k))!) == .int(k)) }
    }

    @Test func wrongTypeIsNil() {
        for d in [Distribution.uniform(min: 0, max: 1), .normal(mu: 0, sigma: 1), .beta(a: 1, b: 1)] {
            #expect(d.cdf("0.5") == nil)
            #expect(d.cdf(false) == nil)
            #expect(d.cdf(.null) == nil)
            #expect(d.cdf([0.5]) == nil)
        }
    }
}
