import Foundation

/// Matérn 5/2 kernel with one length scale per input dimension (ARD), a signal variance and a
/// Gaussian noise variance: k(x, x') = s²·(1 + √5 r + 5r²/3)·exp(−√5 r), r² = Σ ((xᵢ − x'ᵢ)/ℓᵢ)².
///
/// Everything is parametrized in logs so that the hyperparameter search is unconstrained in scale.
struct MaternKernel: Sendable, Hashable {
    var logLengthScales: [Double]
    var logSignalVariance: Double
    var logNoiseVariance: Double

    static let sqrt5 = 5.0.squareRoot()
    /// √5·r beyond which the correlation (below 2e-40) counts as exactly 0. Data with short
    /// fitted length scales (a large model over noise, or one-hot columns at their lower bound)
    /// put most kernel entries far below that, and the products of such entries in the
    /// triangular solves run into subnormal arithmetic, many times slower than normal numbers:
    /// at 1,000 trials this halved the ask. Next to entries of order one, 2e-40 is lost in
    /// rounding anyway.
    static let negligibleScaledDistance = 100.0

    var dimension: Int { logLengthScales.count }
    var signalVariance: Double { exp(logSignalVariance) }
    var noiseVariance: Double { exp(logNoiseVariance) }

    /// 1/ℓᵢ², the form every distance computation wants.
    var inverseSquaredLengthScales: [Double] { logLengthScales.map { exp(-2 * $0) } }

    /// Packs (log ℓ₁…ℓ_D, log s², log σ²) for the optimizer.
    var parameters: [Double] { logLengthScales + [logSignalVariance, logNoiseVariance] }

    init(logLengthScales: [Double], logSignalVariance: Double, logNoiseVariance: Double) {
        self.logLengthScales = logLengthScales
        self.logSignalVariance = logSignalVariance
        self.logNoiseVariance = logNoiseVariance
    }

    init(parameters p: [Double]) {
        let d = p.count - 2
        self.init(logLengthScales: Array(p[0..<d]), logSignalVariance: p[d], logNoiseVariance: p[d + 1])
    }

    /// The correlation part as a function of r: (1 + √5 r + 5r²/3)·exp(−√5 r).
    @inline(__always)
    static func correlation(squaredDistance r2: Double) -> Double {
        let r = r2.squareRoot()
        let sr = sqrt5 * r
        if sr > negligibleScaledDistance { return 0 }
        return (1 + sr + 5.0 / 3.0 * r2) * exp(-sr)
    }

    /// −(1/r)·∂k/∂r divided by s²: (5/3)(1 + √5 r)·exp(−√5 r). Every gradient needs exactly this
    /// factor (∂r/∂· carries a 1/r that cancels), and it stays finite at r = 0.
    @inline(__always)
    static func gradientFactor(squaredDistance r2: Double) -> Double {
        let sr = sqrt5 * r2.squareRoot()
        if sr > negligibleScaledDistance { return 0 }
        return 5.0 / 3.0 * (1 + sr) * exp(-sr)
    }

    /// Scaled squared distance between row `i` of `a` and row `j` of `b` (both with `d` columns).
    @inline(__always)
    static func squaredDistance(_ a: UnsafeBufferPointer<Double>, _ i: Int, _ b: UnsafeBufferPointer<Double>, _ j: Int,
                                _ inv: UnsafeBufferPointer<Double>, _ d: Int) -> Double {
        var s = 0.0
        let ai = i * d, bj = j * d
        for k in 0..<d {
            let t = a[ai + k] - b[bj + k]
            s += t * t * inv[k]
        }
        return s
    }

    /// The n×n matrix K + σ²I over the rows of `x` (row-major, n×d); `pointNoise` replaces σ²
    /// point by point where given (fantasized observations are noise-free).
    func covariance(_ x: [Double], count n: Int, pointNoise: [Double]? = nil) -> [Double] {
        let d = dimension, s2 = signalVariance, noise = noiseVariance
        let inv = inverseSquaredLengthScales
        var k = [Double](repeating: 0, count: n * n)
        x.withUnsafeBufferPointer { xp in
            inv.withUnsafeBufferPointer { ip in
                k.withUnsafeMutableBufferPointer { kp in
                    for i in 0..<n {
                        kp[i * n + i] = s2 + (pointNoise?[i] ?? noise)
                        for j in 0..<i {
                            let v = s2 * Self.correlation(squaredDistance: Self.squaredDistance(xp, i, xp, j, ip, d))
                            kp[i * n + j] = v
                            kp[j * n + i] = v
                        }
                    }
                }
            }
        }
        return k
    }

    /// k(x*, X) for one point against the n rows of `x`.
    func crossCovariance(_ point: UnsafeBufferPointer<Double>, _ x: UnsafeBufferPointer<Double>, count n: Int,
                         inverseSquared inv: UnsafeBufferPointer<Double>, into out: UnsafeMutableBufferPointer<Double>) {
        let d = dimension, s2 = signalVariance
        for j in 0..<n {
            out[j] = s2 * Self.correlation(squaredDistance: Self.squaredDistance(point, 0, x, j, inv, d))
        }
    }
}
