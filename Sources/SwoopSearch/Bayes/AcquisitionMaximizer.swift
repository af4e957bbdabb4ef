import Foundation

/// Finds the point of largest log EI: scores thousands of random candidates and perturbations of
/// the best points seen, refines the most promising with box-constrained L-BFGS over the numeric
/// columns, tries the other categories around the winner, and judges every finalist at the
/// snapped point (integers and q-steps rounded) that will actually be evaluated.
struct AcquisitionMaximizer: Sendable {
    var randomCandidates: Int
    var perturbationsPerAnchor: Int
    var localStarts: Int

    struct Result: Sendable {
        var point: [Double]
        var logEI: Double
        var mean: Double
        var variance: Double
    }

    func maximize(model gp: GaussianProcess, best: Double, encoding: BayesEncoding, anchors: [[Double]],
                  rng: inout SeededRandom) -> Result {
        let d = encoding.dimension
        let groups = encoding.categoricalGroups
        let continuous = encoding.continuousColumns

        var candidates: [[Double]] = []
        candidates.reserveCapacity(randomCandidates + anchors.count * perturbationsPerAnchor)
        for _ in 0..<randomCandidates {
            var p = [Double](repeating: 0, count: d)
            for c in continuous { p[c] = encoding.lower[c] + rng.uniform() * (encoding.upper[c] - encoding.lower[c]) }
            for g in groups { p[g.column + Int(rng.next() % UInt64(g.count))] = 1 }
            candidates.append(p)
        }
        // Local moves at three scales around the best points: most EI mass sits near them.
        let scales = [0.01, 0.05, 0.2]
        for anchor in anchors {
            for k in 0..<perturbationsPerAnchor {
                var p = anchor
                let s = scales[k % scales.count]
                for c in continuous {
                    p[c] = min(max(p[c] + s * (encoding.upper[c] - encoding.lower[c]) * rng.gaussian(),
                                   encoding.lower[c]), encoding.upper[c])
                }
                for g in groups where rng.uniform() < 0.15 {
                    for i in 0..<g.count { p[g.column + i] = 0 }
                    p[g.column + Int(rng.next() % UInt64(g.count))] = 1
                }
                candidates.append(p)
            }
        }

        let scores = score(candidates, gp: gp, best: best)
        let order = scores.indices.sorted { scores[$0] > scores[$1] }

        var finalists: [[Double]] = []
        var starts: [[Double]] = []
        for i in order {
            let c = candidates[i]
            if starts.contains(where: { Self.distance2($0, c) < 1e-10 }) { continue }
            starts.append(c)
            if starts.count >= localStarts { break }
        }
        for start in starts {
            finalists.append(start)
            if !continuous.isEmpty { finalists.append(refine(start, gp: gp, best: best, encoding: encoding)) }
        }

        var chosen = evaluateSnapped(finalists, gp: gp, best: best, encoding: encoding)
        // Categories and integers are not reachable by gradients: try each other category and
        // the neighbouring integers (q-steps) at the winner, with the numeric columns re-refined.
        var neighbours: [[Double]] = []
        for g in groups {
            for i in 0..<g.count where chosen.point[g.column + i] < 0.5 {
                var p = chosen.point
                for j in 0..<g.count { p[g.column + j] = 0 }
                p[g.column + i] = 1
                neighbours.append(p)
            }
        }
        neighbours += encoding.discreteNeighbours(chosen.point)
        if !neighbours.isEmpty {
            if !continuous.isEmpty {
                neighbours = neighbours.map { refine($0, gp: gp, best: best, encoding: encoding) }
            }
            let alternative = evaluateSnapped(neighbours + [chosen.point], gp: gp, best: best, encoding: encoding)
            if alternative.logEI > chosen.logEI { chosen = alternative }
        }
        return chosen
    }

    private func score(_ points: [[Double]], gp: GaussianProcess, best: Double) -> [Double] {
        let (mean, variance) = gp.predict(points.flatMap { $0 })
        return (0..<points.count).map {
            let v = LogExpectedImprovement.value(mean: mean[$0], sd: variance[$0].squareRoot(), best: best)
            return v.isNaN ? -.infinity : v
        }
    }

    private func evaluateSnapped(_ points: [[Double]], gp: GaussianProcess, best: Double,
                                 encoding: BayesEncoding) -> Result {
        let snapped = points.map(encoding.snap)
        let (mean, variance) = gp.predict(snapped.flatMap { $0 })
        var bestIndex = 0, bestValue = -Double.infinity
        for i in snapped.indices {
            let v = LogExpectedImprovement.value(mean: mean[i], sd: variance[i].squareRoot(), best: best)
            if v > bestValue { bestValue = v; bestIndex = i }
        }
        return Result(point: snapped[bestIndex], logEI: bestValue, mean: mean[bestIndex], variance: variance[bestIndex])
    }

    /// Gradient ascent on log EI over the numeric columns, categories held fixed.
    private func refine(_ start: [Double], gp: GaussianProcess, best: Double, encoding: BayesEncoding) -> [Double] {
        let columns = encoding.continuousColumns
        let lower = columns.map { encoding.lower[$0] }, upper = columns.map { encoding.upper[$0] }
        var optimizer = BoundedLBFGS()
        optimizer.maxIterations = 40
        optimizer.maxEvaluations = 80
        optimizer.gradientTolerance = 1e-7
        let result = optimizer.minimize(start: columns.map { start[$0] }, lower: lower, upper: upper) { sub in
            var point = start
            for (k, c) in columns.enumerated() { point[c] = sub[k] }
            let p = gp.predictWithGradient(point)
            let sd = p.variance.squareRoot()
            let e = LogExpectedImprovement.valueAndGradient(mean: p.mean, sd: sd, best: best)
            guard e.value.isFinite else { return nil }
            let gradient = columns.map { c in
                -(e.dMean * p.meanGradient[c] + e.dSD * p.varianceGradient[c] / (2 * sd))
            }
            return (-e.value, gradient)
        }
        guard let result else { return start }
        var point = start
        for (k, c) in columns.enumerated() { point[c] = result.x[k] }
        return point
    }

    private static func distance2(_ a: [Double], _ b: [Double]) -> Double {
        var s = 0.0
        for i in a.indices { s += (a[i] - b[i]) * (a[i] - b[i]) }
        return s
    }
}
