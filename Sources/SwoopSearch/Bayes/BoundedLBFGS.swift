import Foundation

/// Limited-memory BFGS in a box: quasi-Newton steps on the free variables, projected onto the
/// bounds, with a backtracking Armijo search along the projected path.
///
/// Both the kernel fit and the acquisition search are small (a handful to a few dozen variables)
/// and smooth, so this simple active-set variant converges in tens of evaluations.
struct BoundedLBFGS: Sendable {
    var memory = 8
    var maxIterations = 60
    var maxEvaluations = 150
    /// Stop when the projected gradient's largest component falls below this.
    var gradientTolerance = 1e-6
    /// Stop when an iteration improves the value by less than this, relative to 1 + |f|.
    var relativeTolerance = 1e-10

    struct Result: Sendable {
        var x: [Double]
        var value: Double
        var evaluations: Int
    }

    /// Minimizes `f` (value and gradient; nil where undefined) from `start`, within [lower, upper].
    /// Returns nil only when `f` is undefined at the start.
    func minimize(start: [Double], lower: [Double], upper: [Double],
                  _ f: ([Double]) -> (value: Double, gradient: [Double])?) -> Result? {
        let n = start.count
        var x = Self.project(start, lower, upper)
        guard let first = f(x) else { return nil }
        var fx = first.value, g = first.gradient
        var evaluations = 1
        var ss: [[Double]] = [], ys: [[Double]] = [], rhos: [Double] = []

        for iteration in 0..<maxIterations {
            // Variables pinned at a bound with the gradient pushing outward stay put this step.
            var free = [Bool](repeating: true, count: n)
            var pgMax = 0.0
            for i in 0..<n {
                if (x[i] <= lower[i] && g[i] > 0) || (x[i] >= upper[i] && g[i] < 0) {
                    free[i] = false
                } else {
                    pgMax = max(pgMax, abs(g[i]))
                }
            }
            if pgMax < gradientTolerance { break }

            var q = (0..<n).map { free[$0] ? g[$0] : 0 }
            var alphas = [Double](repeating: 0, count: ss.count)
            for k in stride(from: ss.count - 1, through: 0, by: -1) {
                let a = rhos[k] * Self.dot(ss[k], q, free)
                alphas[k] = a
                for i in 0..<n where free[i] { q[i] -= a * ys[k][i] }
            }
            if let last = ss.indices.last {
                let gamma = Self.dot(ss[last], ys[last], free) / max(Self.dot(ys[last], ys[last], free), 1e-300)
                if gamma > 0, gamma.isFinite { for i in 0..<n { q[i] *= gamma } }
            }
            for k in 0..<ss.count {
                let b = rhos[k] * Self.dot(ys[k], q, free)
                for i in 0..<n where free[i] { q[i] += ss[k][i] * (alphas[k] - b) }
            }
            var direction = q.map { -$0 }
            var slope = Self.dot(direction, g, free)
            if !(slope < 0) {
                direction = (0..<n).map { free[$0] ? -g[$0] : 0 }
                slope = Self.dot(direction, g, free)
                ss.removeAll(); ys.removeAll(); rhos.removeAll()
            }
            // Without curvature information, a first step of unit length in the box's scale.
            var step = ss.isEmpty && iteration == 0 ? min(1, 1 / max(pgMax, 1e-12)) : 1.0

            var accepted: (x: [Double], value: Double, gradient: [Double])?
            for _ in 0..<30 {
                guard evaluations < maxEvaluations else { break }
                var trial = x
                for i in 0..<n where free[i] { trial[i] += step * direction[i] }
                trial = Self.project(trial, lower, upper)
                var decrease = 0.0
                for i in 0..<n { decrease += g[i] * (trial[i] - x[i]) }
                evaluations += 1
                if let r = f(trial), r.value <= fx + 1e-4 * min(decrease, 0) {
                    accepted = (trial, r.value, r.gradient)
                    break
                }
                step *= 0.3
            }
            guard let next = accepted else { break }
            let s = zip(next.x, x).map { $0 - $1 }
            let y = zip(next.gradient, g).map { $0 - $1 }
            let sy = zip(s, y).reduce(0) { $0 + $1.0 * $1.1 }
            let improvement = fx - next.value
            x = next.x
            fx = next.value
            g = next.gradient
            if sy > 1e-12 {
                ss.append(s); ys.append(y); rhos.append(1 / sy)
                if ss.count > memory { ss.removeFirst(); ys.removeFirst(); rhos.removeFirst() }
            }
            if improvement <= relativeTolerance * (1 + abs(fx)) || evaluations >= maxEvaluations { break }
        }
        return Result(x: x, value: fx, evaluations: evaluations)
    }

    private static func project(_ x: [Double], _ lower: [Double], _ upper: [Double]) -> [Double] {
        (0..<x.count).map { min(max(x[$0], lower[$0]), upper[$0]) }
    }

    private static func dot(_ a: [Double], _ b: [Double], _ mask: [Bool]) -> Double {
        var s = 0.0
        for i in 0..<a.count where mask[i] { s += a[i] * b[i] }
        return s
    }
}
