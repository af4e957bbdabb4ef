import Foundation

/// log EI for minimization, computed so that it stays finite and informative where EI itself
/// underflows to zero (Ament et al., 2023, "Unexpected Improvements to Expected Improvement").
///
/// EI = σ·h(z) with z = (best − μ)/σ and h(z) = φ(z) + zΦ(z); far below the incumbent h(z) is
/// around 1e-300 and beyond, and plain EI then gives the optimizer a flat zero to climb.
enum LogExpectedImprovement {
    private static let halfLog2Pi = 0.5 * log(2 * Double.pi)
    private static let halfLogPiOver2 = 0.5 * log(Double.pi / 2)
    private static let sqrt2 = 2.0.squareRoot()
    /// Below −1/√ε the asymptotic form is exact in double precision.
    private static let asymptoticThreshold = -1 / Double.ulpOfOne.squareRoot()

    /// exp(x²)·erfc(x) without overflow, for x ≥ 0.
    static func erfcx(_ x: Double) -> Double {
        if x < 26 { return exp(x * x) * erfc(x) }
        // Asymptotic series; at x ≥ 26 the next term is below 1e-11 relative.
        let x2 = x * x
        return (1 - 1 / (2 * x2) + 3 / (4 * x2 * x2) - 15 / (8 * x2 * x2 * x2)) / (x * Double.pi.squareRoot())
    }

    /// log(1 − eᵃ) for a < 0, accurate on both ends.
    static func log1mexp(_ a: Double) -> Double {
        a > -log(2.0) ? log(-expm1(a)) : log1p(-exp(a))
    }

    /// log h(z).
    static func logH(_ z: Double) -> Double {
        if z > -1 {
            let phi = exp(-0.5 * z * z) / (2 * Double.pi).squareRoot()
            let cdf = 0.5 * erfc(-z / sqrt2)
            return log(phi + z * cdf)
        }
        if z > asymptoticThreshold {
            let t = log(erfcx(-z / sqrt2) * abs(z)) + halfLogPiOver2
            return -0.5 * z * z - halfLog2Pi + log1mexp(t)
        }
        return -0.5 * z * z - halfLog2Pi - 2 * log(abs(z))
    }

    /// log Φ(z), stable for very negative z.
    static func logNormalCDF(_ z: Double) -> Double {
        if z > -1 { return log(0.5 * erfc(-z / sqrt2)) }
        return log(0.5 * erfcx(-z / sqrt2)) - 0.5 * z * z
    }

    /// log EI at posterior mean `mean` and standard deviation `sd`, against incumbent `best`.
    static func value(mean: Double, sd: Double, best: Double) -> Double {
        let z = (best - mean) / sd
        return log(sd) + logH(z)
    }

    /// log EI and its partial derivatives with respect to the mean and the standard deviation.
    static func valueAndGradient(mean: Double, sd: Double, best: Double) -> (value: Double, dMean: Double, dSD: Double) {
        let z = (best - mean) / sd
        let lh = logH(z)
        // d log h / dz = Φ(z)/h(z), formed in logs because both factors underflow together.
        let r = exp(logNormalCDF(z) - lh)
        return (log(sd) + lh, -r / sd, (1 - r * z) / sd)
    }
}
