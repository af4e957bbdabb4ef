import Foundation

/// The negative log posterior of the kernel hyperparameters given the data (negative log marginal
/// likelihood plus log-normal priors), with its analytic gradient, for MAP fitting.
///
/// Priors follow "vanilla BO" (Hvarfner et al., 2024): log ℓ ~ N(√2 + ½ log D, √3) scales the
/// expected length with the input dimension D, so high-dimensional models start smooth instead of
/// overfitting; the noise prior keeps deterministic objectives nearly interpolated.
struct KernelPosterior: Sendable {
    /// Gaussian priors on each log-parameter and the box the optimizer stays in.
    struct Prior: Sendable, Hashable {
        var mean: [Double]
        var standardDeviation: [Double]
        var lower: [Double]
        var upper: [Double]

        /// The default priors for `dimension` encoded inputs on the unit cube and standardized
        /// outputs, with categorical one-hot columns given their own length-scale prior.
        static func standard(dimension d: Int, oneHotColumns: [Int] = []) -> Prior {
            let lengthMean = 2.0.squareRoot() + 0.5 * log(Double(max(d, 1)))
            let lengthSD = 3.0.squareRoot()
            var prior = Prior(
                mean: Array(repeating: lengthMean, count: d) + [0, log(1e-4)],
                standardDeviation: Array(repeating: lengthSD, count: d) + [1, 2],
                lower: Array(repeating: log(5e-3), count: d) + [log(0.05), log(1e-7)],
                upper: Array(repeating: log(1e3), count: d) + [log(20), log(0.5)])
            // One-hot columns are at most √2 apart, so the dimension-scaled mode (ℓ ≈ 10 at six
            // columns) would make every category a copy of the others, and the search would
            // polish one category's basin without trying the rest. Centred at ℓ = 1, categories
            // start out related but distinct (correlation ≈ 0.3 between two of them).
            for c in oneHotColumns {
                prior.mean[c] = 0
                prior.standardDeviation[c] = 1
            }
            return prior
        }

        /// The prior mode, clamped into the box: a neutral starting point for the optimizer.
        var mode: [Double] { zip(mean, zip(lower, upper)).map { min(max($0, $1.0), $1.1) } }
    }

    let y: [Double]
    let count: Int
    let dimension: Int
    let prior: Prior
    /// (xᵢₚ − xⱼₚ)² for every pair j < i, packed pair by pair: the only way the data enter the
    /// kernel, computed once per fit instead of once per evaluation.
    private let pairDifferences: [Double]

    init(x: [Double], y: [Double], dimension d: Int, prior: Prior) {
        precondition(x.count == y.count * d, "x must be n×d")
        let n = y.count
        var diffs = [Double](repeating: 0, count: n * (n - 1) / 2 * d)
        var at = 0
        for i in 0..<n {
            for j in 0..<i {
                for p in 0..<d {
                    let t = x[i * d + p] - x[j * d + p]
                    diffs[at] = t * t
                    at += 1
                }
            }
        }
        self.pairDifferences = diffs
        self.y = y
        self.count = n
        self.dimension = d
        self.prior = prior
    }

    /// Value and gradient at packed parameters θ = (log ℓ, log s², log σ²); nil if K is not factorizable.
    func evaluate(_ theta: [Double]) -> (value: Double, gradient: [Double])? {
        let n = count, d = dimension
        let kernel = MaternKernel(parameters: theta)
        let s2 = kernel.signalVariance, noise = kernel.noiseVariance
        let inv = kernel.inverseSquaredLengthScales
        let pairs = n * (n - 1) / 2
        var k = [Double](repeating: 0, count: n * n)
        // s²·(5/3)(1 + √5 r)·exp(−√5 r) per pair, kept for the gradient.
        var factors = [Double](repeating: 0, count: pairs)
        pairDifferences.withUnsafeBufferPointer { dp in
            inv.withUnsafeBufferPointer { ip in
                k.withUnsafeMutableBufferPointer { kp in
                    factors.withUnsafeMutableBufferPointer { fp in
                        var pair = 0
                        for i in 0..<n {
                            kp[i * n + i] = s2 + noise
                            for j in 0..<i {
                                var r2 = 0.0
                                let base = pair * d
                                for p in 0..<d { r2 += dp[base + p] * ip[p] }
                                let sr = MaternKernel.sqrt5 * r2.squareRoot()
                                let e = sr > MaternKernel.negligibleScaledDistance ? 0 : exp(-sr)
                                let v = s2 * (1 + sr + 5.0 / 3.0 * r2) * e
                                kp[i * n + j] = v
                                kp[j * n + i] = v
                                fp[pair] = s2 * 5.0 / 3.0 * (1 + sr) * e
                                pair += 1
                            }
                        }
                    }
                }
            }
        }
        guard let chol = CholeskyFactor(k, n: n) else { return nil }
        let alpha = chol.solve(y)
        var fit = 0.0
        for i in 0..<n { fit += y[i] * alpha[i] }
        var value = 0.5 * fit + 0.5 * chol.logDeterminant + 0.5 * Double(n) * log(2 * Double.pi)

        // ∂NLL/∂θ = ½ tr(W ∂K/∂θ) with W = K⁻¹ − ααᵀ; off-diagonal pairs appear twice in the
        // trace, cancelling the ½.
        let kinv = chol.inverse()
        var gradient = [Double](repeating: 0, count: d + 2)
        var signalGrad = 0.0, noiseTrace = 0.0
        pairDifferences.withUnsafeBufferPointer { dp in
            kinv.withUnsafeBufferPointer { wp in
                k.withUnsafeBufferPointer { kp in
                    factors.withUnsafeBufferPointer { fp in
                        alpha.withUnsafeBufferPointer { ap in
                            gradient.withUnsafeMutableBufferPointer { gp in
                                var pair = 0
                                var sg = 0.0, nt = 0.0
                                for i in 0..<n {
                                    let ai = ap[i]
                                    let wii = wp[i * n + i] - ai * ai
                                    nt += wii
                                    sg += 0.5 * wii * s2
                                    for j in 0..<i {
                                        let wij = wp[i * n + j] - ai * ap[j]
                                        sg += wij * kp[i * n + j]
                                        let f = wij * fp[pair]
                                        let base = pair * d
                                        for p in 0..<d { gp[p] += f * dp[base + p] }
                                        pair += 1
                                    }
                                }
                                signalGrad = sg
                                noiseTrace = nt
                            }
                        }
                    }
                }
            }
        }
        for p in 0..<d { gradient[p] *= inv[p] }
        gradient[d] = signalGrad
        gradient[d + 1] = 0.5 * noise * noiseTrace

        for p in 0..<(d + 2) {
            let z = (theta[p] - prior.mean[p]) / prior.standardDeviation[p]
            value += 0.5 * z * z
            gradient[p] += z / prior.standardDeviation[p]
        }
        guard value.isFinite, gradient.allSatisfy(\.isFinite) else { return nil }
        return (value, gradient)
    }
}
