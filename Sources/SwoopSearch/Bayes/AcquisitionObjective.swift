import Foundation

/// log EI of a model against an incumbent, for batches of points and with its gradient, minus
/// an exclusion zone around pending points where the acquisition is −∞.
struct AcquisitionObjective: Sendable {
    let model: GaussianProcess
    let incumbent: Double
    /// Points the proposal keeps away from (pending trials), within this squared distance in
    /// length-scale units.
    var exclusion: (points: [[Double]], radiusSquared: Double)?

    init(model: GaussianProcess, best: Double) {
        self.model = model
        self.incumbent = best
    }

    func excludes(_ p: [Double]) -> Bool {
        guard let exclusion else { return false }
        let inv = model.kernel.inverseSquaredLengthScales
        for q in exclusion.points {
            var s = 0.0
            for k in p.indices { let t = p[k] - q[k]; s += t * t * inv[k] }
            if s < exclusion.radiusSquared { return true }
        }
        return false
    }

    /// log EI at each point; −∞ where it is undefined or excluded.
    func values(_ points: [[Double]]) -> [Double] {
        guard !points.isEmpty else { return [] }
        let p = model.predict(points.flatMap { $0 })
        return (0..<points.count).map { c in
            let v = LogExpectedImprovement.value(mean: p.mean[c], sd: p.variance[c].squareRoot(), best: incumbent)
            return v.isNaN || excludes(points[c]) ? -.infinity : v
        }
    }

    /// log EI and its gradient at one point; nil where it is not finite or excluded.
    func valueAndGradient(_ point: [Double]) -> (value: Double, gradient: [Double])? {
        if excludes(point) { return nil }
        let p = model.predictWithGradient(point)
        let sd = p.variance.squareRoot()
        let e = LogExpectedImprovement.valueAndGradient(mean: p.mean, sd: sd, best: incumbent)
        guard e.value.isFinite else { return nil }
        let gradient = point.indices.map { e.dMean * p.meanGradient[$0] + e.dSD * p.varianceGradient[$0] / (2 * sd) }
        return (e.value, gradient)
    }
}
