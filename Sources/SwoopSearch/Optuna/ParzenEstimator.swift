import Foundation
import SwoopConfig

/// Optuna's Parzen estimator (`optuna/samplers/_tpe/parzen_estimator.py`, 5.0): a mixture with one
/// product kernel per observation plus a prior kernel, truncated normals on numeric axes
/// (bandwidths from the distance to the sorted neighbours, clipped) and smoothed categorical rows.
struct ParzenEstimator: Sendable {
    /// One axis of the estimator, in sampler coordinates.
    enum Axis: Sendable, Hashable {
        /// A numeric axis on [low, high]; `step` makes it discrete (values low, low + step, ...).
        case numeric(low: Double, high: Double, step: Double?)
        case categorical(count: Int)
    }

    let axes: [Axis]
    /// Mixture weights, observations first and the prior last, summing to 1.
    let weights: [Double]
    let logWeights: [Double]
    /// Per axis, per component: kernel centre and bandwidth (numeric axes).
    let mus: [[Double]]
    let sigmas: [[Double]]
    /// Per numeric axis, per component: log of the kernel's mass inside the (adapted) range, plus
    /// log(σ√2π) on continuous axes (the whole normalizing constant of the truncated density).
    let logMasses: [[Double]]
    private let inverseSigmas: [[Double]]
    /// Per categorical axis: each observation's category. An observation's row is `hit` on its
    /// category and `miss` on the others (Optuna's smoothed counts all share one sum); the
    /// prior's row is uniform. Two numbers per axis instead of a row per trial.
    private let observed: [[Int]]
    private let hit: [Double]
    private let miss: [Double]
    private let logHit: [Double]
    private let logMiss: [Double]

    static let eps = 1e-12
    static let logSqrt2Pi = 0.5 * Foundation.log(2 * Double.pi)

    /// Optuna's default weights: flat for fewer than 25 observations, else a ramp from 1/n up to 1
    /// for the oldest n − 25, so recent trials count fully.
    static func defaultWeights(_ n: Int) -> [Double] {
        if n == 0 { return [] }
        if n < 25 { return Array(repeating: 1, count: n) }
        let m = n - 25
        let first = 1.0 / Double(n)
        let ramp = (0..<m).map { i in m == 1 ? first : first + (1 - first) * Double(i) / Double(m - 1) }
        return ramp + Array(repeating: 1, count: 25)
    }

    /// `observations[i]` is observation i's coordinates, ordered by trial number (older first).
    init(observations: [[Double]], axes: [Axis], settings: TPESettings) {
        self.axes = axes
        let n = observations.count
        var w = Self.defaultWeights(n)
        if n == 0 { w = [1] } else { w.append(settings.priorWeight) }
        let total = w.reduce(0, +)
        weights = w.map { $0 / total }
        logWeights = weights.map { Foundation.log($0) }

        var mus: [[Double]] = [], sigmas: [[Double]] = [], masses: [[Double]] = []
        var observed: [[Int]] = [], hit: [Double] = [], miss: [Double] = []
        for (a, axis) in axes.enumerated() {
            let column = observations.map { $0[a] }
            switch axis {
            case .numeric(var low, var high, let step):
                if let step {
                    low -= step / 2
                    high += step / 2
                }
                var s = Self.bandwidths(column, low: low, high: high, settings: settings)
                var m = column
                m.append(0.5 * (low + high))
                s.append(high - low)
                mus.append(m)
                sigmas.append(s)
                let mass = zip(m, s).map { Self.logGaussMass($0.0, low: low, high: high, sigma: $0.1) }
                // A continuous kernel's log density is −z²/2 minus this constant.
                masses.append(step == nil ? zip(mass, s).map { $0.0 + Self.logSqrt2Pi + Foundation.log($0.1) } : mass)
                observed.append([])
                hit.append(0)
                miss.append(0)
            case .categorical(let count):
                mus.append([])
                sigmas.append([])
                masses.append([])
                let share = settings.priorWeight / Double(n + 1)
                let sum = Double(count) * share + 1
                observed.append(column.map { Int($0) })
                hit.append((share + 1) / sum)
                miss.append(share / sum)
            }
        }
        self.mus = mus
        self.sigmas = sigmas
        self.inverseSigmas = sigmas.map { $0.map { 1 / $0 } }
        self.logMasses = masses
        self.observed = observed
        self.hit = hit
        self.miss = miss
        self.logHit = hit.map { Foundation.log($0) }
        self.logMiss = miss.map { Foundation.log($0) }
    }

    /// The probabilities component `component` gives the categories of axis `axis`.
    func row(axis: Int, component: Int) -> [Double] {
        guard case .categorical(let count) = axes[axis] else { return [] }
        guard component < observed[axis].count else { return Array(repeating: 1 / Double(count), count: count) }
        var row = Array(repeating: miss[axis], count: count)
        row[observed[axis][component]] = hit[axis]
        return row
    }

    /// Each observation's bandwidth: the larger gap to its sorted neighbours (the range's ends
    /// count as neighbours), the outermost ones using their inner gap unless `consider_endpoints`,
    /// clipped to [range / min(100, kernels + 1), range].
    static func bandwidths(_ mus: [Double], low: Double, high: Double, settings: TPESettings) -> [Double] {
        let n = mus.count
        guard n > 0 else { return [] }
        let order = mus.indices.sorted { mus[$0] < mus[$1] }
        var ends = [low]
        ends += order.map { mus[$0] }
        ends.append(high)
        var sorted = [Double](repeating: 0, count: n)
        for i in 1...n {
            let left: Double = ends[i] - ends[i - 1]
            let right: Double = ends[i + 1] - ends[i]
            sorted[i - 1] = max(left, right)
        }
        if !settings.considerEndpoints, ends.count >= 4 {
            sorted[0] = ends[2] - ends[1]
            sorted[n - 1] = ends[n] - ends[n - 1]
        }
        let maxSigma = high - low
        let minSigma = settings.considerMagicClip ? (high - low) / min(100, 1 + Double(n + 1)) : eps
        var out = [Double](repeating: 0, count: n)
        for (rank, i) in order.enumerated() {
            out[i] = min(max(sorted[rank], minSigma), maxSigma)
        }
        return out
    }

    /// log of the mass of N(mu, sigma) on [low, high], for a centre inside the range.
    static func logGaussMass(_ mu: Double, low: Double, high: Double, sigma: Double) -> Double {
        logMass((low - mu) / sigma, (high - mu) / sigma)
    }

    /// log(Φ(b) − Φ(a)), computed on the side of zero that keeps precision (Optuna's `_log_gauss_mass`).
    static func logMass(_ a: Double, _ b: Double) -> Double {
        if b <= 0 {
            return Foundation.log(SpecialFunctions.normalCDF(b) - SpecialFunctions.normalCDF(a))
        }
        if a > 0 {
            return Foundation.log(SpecialFunctions.normalCDF(-a) - SpecialFunctions.normalCDF(-b))
        }
        return Foundation.log1p(-SpecialFunctions.normalCDF(a) - SpecialFunctions.normalCDF(-b))
    }

    var componentCount: Int { weights.count }

    /// Draws `count` points: a component by weight, then each axis from that component's kernel.
    func sample(_ count: Int, rng: inout SeededRandom) -> [[Double]] {
        var cumulative = weights
        for i in 1..<cumulative.count { cumulative[i] += cumulative[i - 1] }
        var out: [[Double]] = []
        out.reserveCapacity(count)
        for _ in 0..<count {
            let u = rng.uniform() * cumulative[cumulative.count - 1]
            var k = 0
            while k < cumulative.count - 1, cumulative[k] <= u { k += 1 }
            var point = [Double](repeating: 0, count: axes.count)
            for (a, axis) in axes.enumerated() {
                switch axis {
                case .numeric(let low, let high, let step):
                    let half = (step ?? 0) / 2
                    let lo = low - half, hi = high + half
                    let mu = mus[a][k], sigma = sigmas[a][k]
                    let pa = SpecialFunctions.normalCDF((lo - mu) / sigma)
                    let pb = SpecialFunctions.normalCDF((hi - mu) / sigma)
                    let p = pa + rng.uniform() * (pb - pa)
                    var x = mu + sigma * SpecialFunctions.normalQuantile(min(max(p, Double.leastNonzeroMagnitude), 1 - Double.ulpOfOne / 2))
                    x = min(max(x, lo), hi)
                    if let step {
                        x = min(max(low + SpecialFunctions.roundHalfEven((x - low) / step) * step, low), high)
                    }
                    point[a] = x
                case .categorical(let count):
                    let row = self.row(axis: a, component: k)
                    let r = rng.uniform()
                    var c = 0, acc = row[0]
                    while c < count - 1, acc < r {
                        c += 1
                        acc += row[c]
                    }
                    point[a] = Double(c)
                }
            }
            out.append(point)
        }
        return out
    }

    /// log density (log mass on discrete and categorical axes) of the mixture at x.
    func logPDF(_ x: [Double]) -> Double {
        let k = componentCount
        var terms = logWeights
        for (a, axis) in axes.enumerated() {
            switch axis {
            case .numeric(_, _, let step):
                let mu = mus[a], inverse = inverseSigmas[a], mass = logMasses[a]
                let xa = x[a]
                if let step {
                    let half = step / 2
                    for j in 0..<k {
                        let s = inverse[j]
                        terms[j] += Self.logMass((xa - half - mu[j]) * s, (xa + half - mu[j]) * s) - mass[j]
                    }
                } else {
                    for j in 0..<k {
                        let z = (xa - mu[j]) * inverse[j]
                        terms[j] -= 0.5 * z * z + mass[j]
                    }
                }
            case .categorical:
                let c = Int(x[a])
                let seen = observed[a], yes = logHit[a], no = logMiss[a]
                for j in 0..<seen.count { terms[j] += seen[j] == c ? yes : no }
                if case .categorical(let count) = axis { terms[k - 1] -= Foundation.log(Double(count)) }
            }
        }
        var top = -Double.infinity
        for t in terms where t > top { top = t }
        guard top.isFinite else { return top }
        // Kernels 50 nats below the best add less than 1e-21 of it; skipping them saves most exps.
        var sum = 0.0
        for t in terms where t - top > -50 { sum += Foundation.exp(t - top) }
        return top + Foundation.log(sum)
    }
}
