import Foundation
import Testing
@testable import SwoopSearch

@Suite("Special functions")
struct SpecialFunctionsTests {
    /// Reference values from scipy.stats.norm.ppf.
    @Test(arguments: [
        (0.5, 0.0),
        (0.975, 1.959963984540054),
        (0.025, -1.959963984540054),
        (0.8413447460685429, 1.0),
        (1e-10, -6.361340902404056),
        (1e-300, -37.0470962993612),
        (0.999, 3.090232306167813),
        (0.1, -1.2815515655446004),
    ])
    func normalQuantile(p: Double, z: Double) {
        let got = SpecialFunctions.normalQuantile(p)
        #expect(abs(got - z) <= 1e-14 * max(1, abs(z)), "p=\(p) got \(got)")
    }

    @Test func normalQuantileEnds() {
        #expect(SpecialFunctions.normalQuantile(0) == -.infinity)
        #expect(SpecialFunctions.normalQuantile(1) == .infinity)
        #expect(SpecialFunctions.normalQuantile(-0.1).isNaN)
        #expect(SpecialFunctions.normalQuantile(1.1).isNaN)
    }

    @Test func normalQuantileInvertsCDF() {
        var p = 1e-12
        while p < 1 {
            let z = SpecialFunctions.normalQuantile(p)
            let back = SpecialFunctions.normalCDF(z)
            #expect(abs(back - p) <= 1e-14 * max(p, 1e-3), "p=\(p)")
            p = p < 0.01 ? p * 3 : p + 0.0137
        }
    }

    @Test(arguments: [
        (0.0, 0.5),
        (1.0, 0.8413447460685429),
        (-1.959963984540054, 0.025),
        (-10.0, 7.61985302416047e-24),
        (5.0, 0.9999997133484281),
    ])
    func normalCDF(x: Double, p: Double) {
        #expect(abs(SpecialFunctions.normalCDF(x) - p) <= 1e-13 * p)
    }

    @Test func normalDensities() {
        #expect(abs(SpecialFunctions.normalPDF(0) - 0.3989422804014327) < 1e-16)
        #expect(abs(SpecialFunctions.normalPDF(1) - 0.24197072451914337) < 1e-16)
        #expect(abs(SpecialFunctions.logNormalPDF(2) - log(0.05399096651318806)) < 1e-14)
        #expect(SpecialFunctions.logNormalPDF(100).isFinite)
    }

    /// I_x(a, b) reference values from scipy.special.betainc.
    @Test(arguments: [
        (0.5, 1.0, 1.0, 0.5),
        (0.3, 2.0, 3.0, 0.34829999999999994),
        (0.5, 0.5, 0.5, 0.5),
        (0.1, 0.5, 0.5, 0.20483276469913345),
        (0.9, 5.0, 2.0, 0.885735),
        (0.2, 10.0, 10.0, 0.001579120549167105),
        (0.999, 0.1, 3.0, 0.999999999961474),
    ])
    func betaCDF(x: Double, a: Double, b: Double, p: Double) {
        let got = SpecialFunctions.betaCDF(x, a: a, b: b)
        #expect(abs(got - p) <= 1e-13 * max(p, 1e-3), "I_\(x)(\(a),\(b)) = \(got)")
    }

    @Test func betaCDFEdges() {
        #expect(SpecialFunctions.betaCDF(-1, a: 2, b: 2) == 0)
        #expect(SpecialFunctions.betaCDF(2, a: 2, b: 2) == 1)
        #expect(SpecialFunctions.betaCDF(0.3, a: 0, b: 2) == 1)
        #expect(SpecialFunctions.betaCDF(0.3, a: 2, b: 0) == 0)
        #expect(SpecialFunctions.betaCDF(0.3, a: 0, b: 0) == 0.5)
    }

    @Test(arguments: [(1.0, 1.0), (2.0, 5.0), (0.5, 0.5), (0.05, 0.3), (30.0, 2.0), (200.0, 300.0), (0.01, 10.0)])
    func betaQuantileInvertsCDF(a: Double, b: Double) {
        for p in [1e-12, 1e-6, 0.001, 0.1, 0.25, 0.5, 0.75, 0.9, 0.999, 1 - 1e-9] {
            let x = SpecialFunctions.betaQuantile(p, a: a, b: b)
            #expect(x >= 0 && x <= 1)
            let back = SpecialFunctions.betaCDF(x, a: a, b: b)
            #expect(abs(back - p) <= 1e-12 * max(p, 1 - p) || (x == 0 || x == 1), "a=\(a) b=\(b) p=\(p) x=\(x) back=\(back)")
        }
    }

    @Test func betaQuantileKnownValues() {
        // scipy.stats.beta.ppf
        #expect(abs(SpecialFunctions.betaQuantile(0.5, a: 2, b: 5) - 0.26444998329566) < 1e-13)
        #expect(abs(SpecialFunctions.betaQuantile(0.3, a: 1, b: 1) - 0.3) < 1e-15)
        #expect(abs(SpecialFunctions.betaQuantile(0.9, a: 0.5, b: 0.5) - 0.9755282581475768) < 1e-13)
        #expect(SpecialFunctions.betaQuantile(0, a: 2, b: 2) == 0)
        #expect(SpecialFunctions.betaQuantile(1, a: 2, b: 2) == 1)
    }

    /// Reference values from scipy.stats.beta.ppf, including far tails and tiny shapes.
    @Test(arguments: [
        (1e-10, 0.05, 0.3, 1.4691570638954178e-199),
        (0.5, 0.05, 0.3, 1.401084271551705e-05),
        (0.999, 0.05, 0.3, 0.9999999385744784),
        (1e-08, 2.0, 5.0, 2.5820777914291936e-05),
        (0.3, 200.0, 300.0, 0.388410831537717),
        (0.9999, 30.0, 2.0, 0.9995341689794148),
        (0.01, 0.01, 10.0, 5.952796771216416e-202),
        (0.5, 0.001, 0.001, 0.49999999999999994),
        (0.7, 5.0, 0.2, 0.9996555350127845),
    ])
    func betaQuantileScipy(p: Double, a: Double, b: Double, x: Double) {
        let got = SpecialFunctions.betaQuantile(p, a: a, b: b)
        // Near 1 the answer is only as precise as its distance from 1; a tiny shape a amplifies
        // the CDF's rounding by 1/a in x.
        let tolerance = x > 0.5 ? 1e-13 * (1 - x) + 1e-15 : 1e-12 * x
        #expect(abs(got - x) <= tolerance, "Q(\(p); \(a), \(b)) = \(got), scipy \(x)")
    }

    @Test func roundHalfEvenMatchesNumpy() {
        #expect(SpecialFunctions.roundHalfEven(0.5) == 0)
        #expect(SpecialFunctions.roundHalfEven(1.5) == 2)
        #expect(SpecialFunctions.roundHalfEven(2.5) == 2)
        #expect(SpecialFunctions.roundHalfEven(-2.5) == -2)
        #expect(SpecialFunctions.roundHalfEven(-3.5) == -4)
        #expect(SpecialFunctions.roundHalfEven(2.4999) == 2)
        #expect(SpecialFunctions.roundHalfEven(2.5001) == 3)
    }
}
