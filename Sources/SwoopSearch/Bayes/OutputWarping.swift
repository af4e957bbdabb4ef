import Foundation

/// Maps objective values (to be minimized) onto a scale a stationary GP can model: z-score, a
/// Yeo-Johnson power transform fitted by maximum likelihood, then z-score again.
///
/// Benchmark objectives span 10⁶ in scale and are heavy-tailed (rosenbrock's far corners dwarf
/// the valley); untransformed, a handful of huge values would set the GP's scale and flatten the
/// region that matters. The transform is monotone, so the order of results is kept.
struct OutputWarping: Sendable {
    let center: Double
    let scale: Double
    let lambda: Double
    let warpedMean: Double
    let warpedScale: Double

    /// Fits the warping to `values` (finite, at least one).
    init(fitting values: [Double]) {
        let n = Double(values.count)
        let mean = values.reduce(0, +) / n
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n
        let sd = variance.squareRoot()
        let s = sd > 1e-12 * max(1, abs(mean)) ? sd : 1
        let z = values.map { ($0 - mean) / s }
        // λ from at most 256 evenly spaced order statistics: the same shape at a fraction of the
        // cost once there are thousands of results.
        let sample = z.count <= 256 ? z : { let s = z.sorted(); return (0..<256).map { s[$0 * (s.count - 1) / 255] } }()
        let l = values.count >= 3 ? Self.fitLambda(sample) : 1
        let w = z.map { Self.yeoJohnson($0, lambda: l) }
        center = mean
        scale = s
        lambda = l
        let wm = w.reduce(0, +) / n
        let wv = w.reduce(0) { $0 + ($1 - wm) * ($1 - wm) } / n
        warpedMean = wm
        warpedScale = wv > 1e-24 ? wv.squareRoot() : 1
    }

    /// The value on the model's scale.
    func callAsFunction(_ value: Double) -> Double {
        (Self.yeoJohnson((value - center) / scale, lambda: lambda) - warpedMean) / warpedScale
    }

    static func yeoJohnson(_ y: Double, lambda l: Double) -> Double {
        if y >= 0 {
            return abs(l) < 1e-8 ? log1p(y) : (pow(y + 1, l) - 1) / l
        }
        return abs(l - 2) < 1e-8 ? -log1p(-y) : -(pow(1 - y, 2 - l) - 1) / (2 - l)
    }

    /// Profile log-likelihood of λ under a normal model of the transformed values.
    static func logLikelihood(_ z: [Double], lambda l: Double) -> Double {
        let n = Double(z.count)
        let w = z.map { yeoJohnson($0, lambda: l) }
        let m = w.reduce(0, +) / n
        let v = w.reduce(0) { $0 + ($1 - m) * ($1 - m) } / n
        guard v > 0, v.isFinite else { return -.infinity }
        var jacobian = 0.0
        for y in z { jacobian += (y >= 0 ? 1 : -1) * log1p(abs(y)) }
        return -0.5 * n * log(v) + (l - 1) * jacobian
    }

    /// Grid then golden-section search on λ ∈ [−2, 2]; beyond that the transform is too extreme
    /// to trust with a few dozen points.
    static func fitLambda(_ z: [Double]) -> Double {
        let grid = stride(from: -2.0, through: 2.0, by: 0.25).map { $0 }
        var best = 1.0, bestValue = logLikelihood(z, lambda: 1)
        for l in grid {
            let v = logLikelihood(z, lambda: l)
            if v > bestValue { best = l; bestValue = v }
        }
        var a = max(-2, best - 0.25), b = min(2, best + 0.25)
        let ratio = (5.0.squareRoot() - 1) / 2
        var c = b - ratio * (b - a), d = a + ratio * (b - a)
        var fc = logLikelihood(z, lambda: c), fd = logLikelihood(z, lambda: d)
        for _ in 0..<30 {
            if fc > fd { b = d; d = c; fd = fc; c = b - ratio * (b - a); fc = logLikelihood(z, lambda: c) }
            else { a = c; c = d; fc = fd; d = a + ratio * (b - a); fd = logLikelihood(z, lambda: d) }
        }
        let l = (a + b) / 2
        return logLikelihood(z, lambda: l) >= bestValue ? l : best
    }
}
