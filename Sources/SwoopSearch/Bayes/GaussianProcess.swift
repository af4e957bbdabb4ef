import Foundation

/// A Gaussian-process posterior with zero prior mean over standardized outputs: the factorized
/// kernel matrix and the weights α = K⁻¹y, ready to predict at new points.
struct GaussianProcess: Sendable {
    let kernel: MaternKernel
    /// Row-major n×d training inputs.
    let x: [Double]
    let y: [Double]
    let count: Int
    let dimension: Int
    let cholesky: CholeskyFactor
    let alpha: [Double]
    private let inverseSquared: [Double]

    /// Conditions the kernel on (x, y); nil if the kernel matrix cannot be factorized. `pointNoise`
    /// overrides the kernel's noise variance per point.
    init?(kernel: MaternKernel, x: [Double], y: [Double], pointNoise: [Double]? = nil) {
        let d = kernel.dimension
        precondition(x.count == y.count * d, "x must be n×d")
        let k = kernel.covariance(x, count: y.count, pointNoise: pointNoise)
        guard let chol = CholeskyFactor(k, n: y.count) else { return nil }
        self.kernel = kernel
        self.x = x
        self.y = y
        self.count = y.count
        self.dimension = d
        self.cholesky = chol
        self.alpha = chol.solve(y)
        self.inverseSquared = kernel.inverseSquaredLengthScales
    }

    /// Posterior mean and latent-function variance (noise excluded) at each row of `points`.
    func predict(_ points: [Double]) -> (mean: [Double], variance: [Double]) {
        let d = dimension, n = count
        let m = points.count / max(d, 1)
        var means = [Double](repeating: 0, count: m)
        var variances = [Double](repeating: 0, count: m)
        let s2 = kernel.signalVariance
        var k = [Double](repeating: 0, count: n)
        points.withUnsafeBufferPointer { pp in
            x.withUnsafeBufferPointer { xp in
                inverseSquared.withUnsafeBufferPointer { ip in
                    alpha.withUnsafeBufferPointer { ap in
                        cholesky.lower.withUnsafeBufferPointer { lp in
                            k.withUnsafeMutableBufferPointer { kp in
                                for c in 0..<m {
                                    let point = UnsafeBufferPointer(rebasing: pp[(c * d)..<(c * d + d)])
                                    kernel.crossCovariance(point, xp, count: n, inverseSquared: ip, into: kp)
                                    var mean = 0.0
                                    for j in 0..<n { mean += kp[j] * ap[j] }
                                    // ‖L⁻¹k‖² by forward substitution, in place.
                                    var q = 0.0
                                    for i in 0..<n {
                                        let ri = i * n
                                        var s = kp[i]
                                        if i > 0 { s -= VectorOps.dot(lp.baseAddress! + ri, kp.baseAddress!, i) }
                                        let v = s / lp[ri + i]
                                        kp[i] = v
                                        q += v * v
                                    }
                                    means[c] = mean
                                    variances[c] = max(s2 - q, 1e-12 * s2)
                                }
                            }
                        }
                    }
                }
            }
        }
        return (means, variances)
    }

    /// Mean and variance at one point with their gradients with respect to the point.
    func predictWithGradient(_ point: [Double]) -> (mean: Double, variance: Double, meanGradient: [Double], varianceGradient: [Double]) {
        let d = dimension, n = count
        let s2 = kernel.signalVariance
        var k = [Double](repeating: 0, count: n)
        var factors = [Double](repeating: 0, count: n)
        point.withUnsafeBufferPointer { pp in
            x.withUnsafeBufferPointer { xp in
                inverseSquared.withUnsafeBufferPointer { ip in
                    for j in 0..<n {
                        let r2 = MaternKernel.squaredDistance(pp, 0, xp, j, ip, d)
                        k[j] = s2 * MaternKernel.correlation(squaredDistance: r2)
                        factors[j] = s2 * MaternKernel.gradientFactor(squaredDistance: r2)
                    }
                }
            }
        }
        var mean = 0.0
        for j in 0..<n { mean += k[j] * alpha[j] }
        let w = cholesky.solve(k)
        var quad = 0.0
        for j in 0..<n { quad += k[j] * w[j] }
        let variance = max(s2 - quad, 1e-12 * s2)
        // ∂k_j/∂x_p = −factor_j·(x_p − X_jp)/ℓ_p².
        var dMean = [Double](repeating: 0, count: d)
        var dVar = [Double](repeating: 0, count: d)
        for j in 0..<n {
            let a = factors[j] * alpha[j], b = factors[j] * w[j]
            let rj = j * d
            for p in 0..<d {
                let t = (point[p] - x[rj + p]) * inverseSquared[p]
                dMean[p] -= a * t
                dVar[p] += 2 * b * t
            }
        }
        return (mean, variance, dMean, dVar)
    }
}
