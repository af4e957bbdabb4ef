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

        /// The default priors for `dimension` encoded inputs on the unit cube and standardized outputs.
        static func standard(dimension d: Int) -> Prior {
            let lengthMean = 2.0.squareRoot() + 0.5 * log(Double(max(d, 1)))
            let lengthSD = 3.0.squareRoot()
            return Prior(
                mean: Array(repeating: lengthMean, count: d) + [0, log(1e-4)],
                standardDeviation: Array(repeating: lengthSD, count: d) + [1, 2],
                lower: Array(repeating: log(5e-3), count: d) + [log(0.05), log(1e-7)],
                upper: Array(repeating: log(1e3), count: d) + [log(20), log(0.5)])
        }

        /// The prior mode, clamped into the box: a neutral starting point for the optimizer.
        var mode: [Double] { zip(mean, zip(lower, upper)).map { min(max($0, $1.0), $1.1) } }
    }

    let x: [Double]
    let y: [Double]
    let count: Int
    let dimension: Int
    let prior: Prior

    init(x: [Double], y: [Double], dimension: Int, prior: Prior) {
        precondition(x.count == y.count * dimension, "x must be n×d")
        self.x = x
        self.y = y
        self.count = y.count
        self.dimension = dimension
        self.prior = prior
    }

    /// Value and gradient at packed parameters θ = (log ℓ, log s², log σ²); nil if K is not factorizable.
    func evaluate(_ theta: [Double]) -> (value: Double, gradient: [Double])? {
        let n = count, d = dimension
        let kernel = MaternKernel(parameters: theta)
        let k = kernel.covariance(x, count: n)
        guard let chol = CholeskyFactor(k, n: n) else { return nil }
        let alpha = chol.solve(y)
        var fit = 0.0
        for i in 0..<n { fit += y[i] * alpha[i] }
        var value = 0.5 * fit + 0.5 * chol.logDeterminant + 0.5 * Double(n) * log(2 * Double.pi)

        // ∂NLL/∂θ = ½ tr(W ∂K/∂θ) with W = K⁻¹ − ααᵀ.
        var w = chol.inverse()
        for i in 0..<n {
            for j in 0..<n { w[i * n + j] -= alpha[i] * alpha[j] }
        }
        var gradient = [Double](repeating: 0, count: d + 2)
        let s2 = kernel.signalVariance
        let inv = kernel.inverseSquaredLengthScales
        var signalGrad = 0.0, noiseTrace = 0.0
        x.withUnsafeBufferPointer { xp in
            inv.withUnsafeBufferPointer { ip in
                w.withUnsafeBufferPointer { wp in
                    gradient.withUnsafeMutableBufferPointer { gp in
                        for i in 0..<n {
                            let wii = wp[i * n + i]
                            noiseTrace += wii
                            signalGrad += 0.5 * wii * s2
                            let ri = i * d
                            for j in 0..<i {
                                let wij = wp[i * n + j]
                                let r2 = MaternKernel.squaredDistance(xp, i, xp, j, ip, d)
                                // Off-diagonal pairs appear twice in the trace, cancelling the ½.
                                signalGrad += wij * s2 * MaternKernel.correlation(squaredDistance: r2)
                                let f = wij * s2 * MaternKernel.gradientFactor(squaredDistance: r2)
                                let rj = j * d
                                for p in 0..<d {
                                    let t = xp[ri + p] - xp[rj + p]
                                    gp[p] += f * t * t * ip[p]
                                }
                            }
                        }
                    }
                }
            }
        }
        gradient[d] = signalGrad
        gradient[d + 1] = 0.5 * kernel.noiseVariance * noiseTrace

        for p in 0..<(d + 2) {
            let z = (theta[p] - prior.mean[p]) / prior.standardDeviation[p]
            value += 0.5 * z * z
            gradient[p] += z / prior.standardDeviation[p]
        }
        guard value.isFinite, gradient.allSatisfy(\.isFinite) else { return nil }
        return (value, gradient)
    }
}
