import Foundation

/// Finds the point of largest log EI: scores thousands of random candidates and perturbations of
/// the best points seen, refines the most promising with box-constrained L-BFGS over the numeric
/// columns, tries the other categories around the winner, and judges every finalist at the
/// snapped point (integers and q-steps rounded) that will actually be evaluated.
struct AcquisitionMaximizer: Sendable {
    var randomCandidates: Int
    var perturbationsPerAnchor: Int
    var localStarts: Int
    /// Objective evaluations per local refinement.
    var refineEvaluations = 80

    struct Result: Sendable {
        var point: [Double]
        var logEI: Double
    }

    func maximize(_ objective: AcquisitionObjective, encoding: BayesEncoding, anchors: [[Double]],
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

        let scores = objective.values(candidates)
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
            if !continuous.isEmpty { finalists.append(refine(start, objective, encoding: encoding)) }
        }

        var chosen = evaluateSnapped(finalists, objective, encoding: encoding)
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
                neighbours = neighbours.map { refine($0, objective, encoding: encoding) }
            }
            let alternative = evaluateSnapped(neighbours + [chosen.point], objective, encoding: encoding)
            if alternative.logEI > chosen.logEI { chosen = alternative }
        }
        return chosen
    }

    private func evaluateSnapped(_ points: [[Double]], _ objective: AcquisitionObjective,
                                 encoding: BayesEncoding) -> Result {
        let snapped = points.map(encoding.snap)
        let values = objective.values(snapped)
        var bestIndex = 0
        for i in values.indices where values[i] > values[bestIndex] { bestIndex = i }
        return Result(point: snapped[bestIndex], logEI: values[bestIndex])
    }

    private func refine(_ start: [Double], _ objective: AcquisitionObjective, encoding: BayesEncoding) -> [Double] {
        let columns = encoding.continuousColumns
        let lower = columns.map { encoding.lower[$0] }, upper = columns.map { encoding.upper[$0] }
        var optimizer = BoundedLBFGS()
        optimizer.maxIterations = refineEvaluations / 2
        optimizer.maxEvaluations = refineEvaluations
        optimizer.gradientTolerance = 1e-7
        let result = optimizer.minimize(start: columns.map { start[$0] }, lower: lower, upper: upper) { sub in
            var point = start
            for (k, c) in columns.enumerated() { point[c] = sub[k] }
            guard let r = objective.valueAndGradient(point) else { return nil }
            return (-r.value, columns.map { -r.gradient[$0] })
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
