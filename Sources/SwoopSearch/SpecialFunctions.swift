import Foundation

/// Special functions the search methods share (normal and beta distributions, numpy rounding).
public enum SpecialFunctions {
    /// Standard normal CDF Φ(x); erfc keeps the lower tail accurate far below 1e-16.
    public static func normalCDF(_ x: Double) -> Double {
        0.5 * erfc(-x / 2.0.squareRoot())
    }

    /// Standard normal density φ(x).
    public static func normalPDF(_ x: Double) -> Double {
        exp(-0.5 * x * x) / (2 * Double.pi).squareRoot()
    }

    /// Natural log of the standard normal density, log φ(x); finite where φ(x) underflows.
    public static func logNormalPDF(_ x: Double) -> Double {
        -0.5 * x * x - 0.5 * log(2 * Double.pi)
    }

    /// Standard normal quantile Φ⁻¹(p) by Wichura's AS241 (PPND16, ~1e-16 relative);
    /// −∞ at 0, +∞ at 1, NaN outside [0, 1].
    public static func normalQuantile(_ p: Double) -> Double {
        guard p >= 0, p <= 1 else { return .nan }
        if p == 0 { return -.infinity }
        if p == 1 { return .infinity }
        let q = p - 0.5
        if abs(q) <= 0.425 {
            let r = 0.180625 - q * q
            return q * horner(r, asA) / horner(r, asB)
        }
        var r = q < 0 ? p : 1 - p
        r = (-log(r)).squareRoot()
        let value: Double
        if r <= 5 {
            value = horner(r - 1.6, asC) / horner(r - 1.6, asD)
        } else {
            value = horner(r - 5, asE) / horner(r - 5, asF)
        }
        return q < 0 ? -value : value
    }

    /// Rounds ties to the even neighbour, as numpy's `round` (which W&B's quantized values use).
    public static func roundHalfEven(_ x: Double) -> Double {
        x.rounded(.toNearestOrEven)
    }

    /// Regularized incomplete beta I_x(a, b): the Beta(a, b) CDF at x, clamped to [0, 1] outside.
    ///
    /// A zero shape puts all mass on one end (the limit of Beta(ε, b)), which is what a
    /// configuration with `a: 0` or `b: 0` can only mean; both zero splits it evenly.
    public static func betaCDF(_ x: Double, a: Double, b: Double) -> Double {
        guard !x.isNaN, !a.isNaN, !b.isNaN, a >= 0, b >= 0 else { return .nan }
        if x >= 1 { return 1 }
        if a == 0 { return b == 0 ? 0.5 : 1 }
        if x <= 0 || b == 0 { return 0 }
        let front = exp(logBetaPowers(x, a: a, b: b))
        // The continued fraction converges fast only left of the mean; use the symmetry on the right.
        if x < (a + 1) / (a + b + 2) {
            return min(1, front * betaContinuedFraction(x, a: a, b: b) / a)
        }
        return max(0, 1 - front * betaContinuedFraction(1 - x, a: b, b: a) / b)
    }

    /// Beta(a, b) density at x (0 outside [0, 1]).
    public static func betaPDF(_ x: Double, a: Double, b: Double) -> Double {
        guard x >= 0, x <= 1, a > 0, b > 0 else { return 0 }
        if x == 0 { return a < 1 ? .infinity : (a == 1 ? b : 0) }
        if x == 1 { return b < 1 ? .infinity : (b == 1 ? a : 0) }
        return exp((a - 1) * log(x) + (b - 1) * log1p(-x) - logBeta(a, b))
    }

    /// Beta(a, b) quantile: the x with I_x(a, b) = p, to about 1e-15 relative.
    public static func betaQuantile(_ p: Double, a: Double, b: Double) -> Double {
        guard !p.isNaN, !a.isNaN, !b.isNaN, a >= 0, b >= 0 else { return .nan }
        if a == 0 || b == 0 {
            if a == 0 && b == 0 { return p < 0.5 ? 0 : 1 }
            return a == 0 ? 0 : 1
        }
        if p <= 0 { return 0 }
        if p >= 1 { return 1 }
        if a == 1 && b == 1 { return p }
        let mean = a / (a + b)
        // Solving on the side of the mean where the answer lies keeps the bracket's lower end at 0,
        // where relative precision matters; the other side is the mirrored problem.
        if p > betaCDF(mean, a: a, b: b) {
            return 1 - lowerBetaQuantile(1 - p, a: b, b: a, upper: 1 - mean)
        }
        return lowerBetaQuantile(p, a: a, b: b, upper: mean)
    }

    /// Newton's method safeguarded by a bracket [lo, hi] with I_lo ≤ p ≤ I_hi.
    private static func lowerBetaQuantile(_ p: Double, a: Double, b: Double, upper: Double) -> Double {
        var lo = 0.0
        var hi = upper
        let lbeta = logBeta(a, b)
        // Near 0, I_x ≈ x^a / (a·B(a, b)): a start that is already close in the far tail.
        var x = exp((log(p) + log(a) + lbeta) / a)
        if !(x > 0 && x < hi) { x = hi / 2 }
        for _ in 0..<1000 {
            let f = betaCDF(x, a: a, b: b) - p
            if f == 0 { return x }
            if f < 0 { lo = x } else { hi = x }
            let density = exp((a - 1) * log(x) + (b - 1) * log1p(-x) - lbeta)
            var next = x - f / density
            if !(next > lo && next < hi) || !density.isFinite || density == 0 {
                // Geometric bisection reaches tiny quantiles in few steps; arithmetic near the top.
                next = lo > 0 && hi > 4 * lo ? (lo * hi).squareRoot() : (lo == 0 ? hi / 16 : (lo + hi) / 2)
            }
            if abs(next - x) <= 2e-16 * x || hi - lo <= 2e-16 * hi { return next }
            x = next
        }
        return x
    }

    /// log B(a, b).
    public static func logBeta(_ a: Double, _ b: Double) -> Double {
        lgamma(a) + lgamma(b) - lgamma(a + b)
    }

    /// log of x^a (1−x)^b / B(a, b), the prefactor of the continued fraction.
    private static func logBetaPowers(_ x: Double, a: Double, b: Double) -> Double {
        a * log(x) + b * log1p(-x) - logBeta(a, b)
    }

    /// Continued fraction for I_x(a, b) (modified Lentz), valid for x < (a+1)/(a+b+2).
    private static func betaContinuedFraction(_ x: Double, a: Double, b: Double) -> Double {
        let tiny = 1e-300
        let qab = a + b, qap = a + 1, qam = a - 1
        var c = 1.0
        var d = 1 - qab * x / qap
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1...100_000 {
            let m = Double(m), m2 = 2 * m
            var aa = m * (b - m) * x / ((qam + m2) * (a + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) <= 1e-16 { break }
        }
        return h
    }

    private static func horner(_ x: Double, _ coefficients: [Double]) -> Double {
        var value = 0.0
        for c in coefficients.reversed() { value = value * x + c }
        return value
    }

    // AS241 coefficients, lowest degree first.
    private static let asA: [Double] = [
        3.3871328727963666080e0, 1.3314166789178437745e+2, 1.9715909503065514427e+3, 1.3731693765509461125e+4,
        4.5921953931549871457e+4, 6.7265770927008700853e+4, 3.3430575583588128105e+4, 2.5090809287301226727e+3,
    ]
    private static let asB: [Double] = [
        1.0, 4.2313330701600911252e+1, 6.8718700749205790830e+2, 5.3941960214247511077e+3,
        2.1213794301586595867e+4, 3.9307895800092710610e+4, 2.8729085735721942674e+4, 5.2264952788528545610e+3,
    ]
    private static let asC: [Double] = [
        1.42343711074968357734e0, 4.63033784615654529590e0, 5.76949722146069140550e0, 3.64784832476320460504e0,
        1.27045825245236838258e0, 2.41780725177450611770e-1, 2.27238449892691845833e-2, 7.74545014278341407640e-4,
    ]
    private static let asD: [Double] = [
        1.0, 2.05319162663775882187e0, 1.67638483018380384940e0, 6.89767334985100004550e-1,
        1.48103976427480074590e-1, 1.51986665636164571966e-2, 5.47593808499534494600e-4, 1.05075007164441684324e-9,
    ]
    private static let asE: [Double] = [
        6.65790464350110377720e0, 5.46378491116411436990e0, 1.78482653991729133580e0, 2.96560571828504891230e-1,
        2.65321895265761230930e-2, 1.24266094738807843860e-3, 2.71155556874348757815e-5, 2.01033439929228813265e-7,
    ]
    private static let asF: [Double] = [
        1.0, 5.99832206555887937690e-1, 1.36929880922735805310e-1, 1.48753612908506148525e-2,
        7.86869131145613259100e-4, 1.84631831751005468180e-5, 1.42151175831644588870e-7, 2.04426310338993978564e-15,
    ]
}
