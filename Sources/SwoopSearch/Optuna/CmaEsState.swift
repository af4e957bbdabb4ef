import Foundation

/// One run of CMA-ES (Hansen's tutorial, "The CMA Evolution Strategy", 2016): weighted recombination,
/// cumulative step-size adaptation, rank-one and rank-μ covariance updates, on the unit cube.
struct CmaEsState: Sendable {
    let n: Int
    let popsize: Int
    let mu: Int
    let weights: [Double]
    let muEff: Double
    let cSigma: Double
    let dSigma: Double
    let cC: Double
    let c1: Double
    let cMu: Double
    let chiN: Double

    var mean: [Double]
    var sigma: Double
    /// Covariance, row-major n×n, and its factors C = B·diag(D²)·Bᵀ.
    var covariance: [Double]
    var b: [Double]
    var d: [Double]
    var pSigma: [Double]
    var pC: [Double]
    var generation = 0
    /// Best value of each generation, for the flat-fitness stop used by restarts.
    var bestHistory: [Double] = []

    init(mean: [Double], sigma: Double, popsize: Int?) {
        let n = mean.count
        self.n = n
        let lambda = popsize ?? 4 + Int((3 * Foundation.log(Double(n))).rounded(.down))
        let popsize = max(lambda, 2)
        self.popsize = popsize
        mu = popsize / 2
        let raw = (0..<popsize / 2).map { Foundation.log((Double(popsize) + 1) / 2) - Foundation.log(Double($0 + 1)) }
        let total = raw.reduce(0, +)
        let weights = raw.map { $0 / total }
        self.weights = weights
        muEff = 1 / weights.reduce(0) { $0 + $1 * $1 }
        let nd = Double(n)
        cSigma = (muEff + 2) / (nd + muEff + 5)
        dSigma = 1 + 2 * max(0, ((muEff - 1) / (nd + 1)).squareRoot() - 1) + cSigma
        cC = (4 + muEff / nd) / (nd + 4 + 2 * muEff / nd)
        c1 = 2 / ((nd + 1.3) * (nd + 1.3) + muEff)
        cMu = min(1 - c1, 2 * (muEff - 2 + 1 / muEff) / ((nd + 2) * (nd + 2) + muEff))
        chiN = nd.squareRoot() * (1 - 1 / (4 * nd) + 1 / (21 * nd * nd))
        self.mean = mean
        self.sigma = sigma
        covariance = [Double](repeating: 0, count: n * n)
        b = covariance
        for i in 0..<n {
            covariance[i * n + i] = 1
            b[i * n + i] = 1
        }
        d = Array(repeating: 1, count: n)
        pSigma = Array(repeating: 0, count: n)
        pC = Array(repeating: 0, count: n)
    }

    /// A candidate m + σ·B·D·z inside the unit cube: resampled up to 100 times, then clipped.
    func sample(rng: inout SeededRandom) -> [Double] {
        var x = mean
        for _ in 0..<100 {
            let z = (0..<n).map { _ in rng.gaussian() }
            for i in 0..<n {
                var y = 0.0
                for k in 0..<n { y += b[i * n + k] * d[k] * z[k] }
                x[i] = mean[i] + sigma * y
            }
            if x.allSatisfy({ $0 >= 0 && $0 <= 1 }) { return x }
        }
        return x.map { min(max($0, 0), 1) }
    }

    /// One generation's update from `popsize` (point, value to minimize) pairs.
    mutating func tell(_ solutions: [(x: [Double], value: Double)]) {
        let sorted = solutions.sorted { $0.value < $1.value }
        let ys = sorted.prefix(mu).map { s in (0..<n).map { (s.x[$0] - mean[$0]) / sigma } }
        var yw = [Double](repeating: 0, count: n)
        for (w, y) in zip(weights, ys) { for i in 0..<n { yw[i] += w * y[i] } }
        for i in 0..<n { mean[i] += sigma * yw[i] }

        // C^(-1/2)·y_w = B·D⁻¹·Bᵀ·y_w
        var bty = [Double](repeating: 0, count: n)
        for k in 0..<n { for i in 0..<n { bty[k] += b[i * n + k] * yw[i] } }
        for k in 0..<n { bty[k] /= d[k] }
        let scaleSigma = (cSigma * (2 - cSigma) * muEff).squareRoot()
        for i in 0..<n {
            var v = 0.0
            for k in 0..<n { v += b[i * n + k] * bty[k] }
            pSigma[i] = (1 - cSigma) * pSigma[i] + scaleSigma * v
        }
        generation += 1
        let norm = pSigma.reduce(0) { $0 + $1 * $1 }.squareRoot()
        let hSigma = norm / (1 - Foundation.pow(1 - cSigma, Double(2 * generation))).squareRoot()
            < (1.4 + 2 / (Double(n) + 1)) * chiN
        let scaleC = (cC * (2 - cC) * muEff).squareRoot()
        for i in 0..<n { pC[i] = (1 - cC) * pC[i] + (hSigma ? scaleC * yw[i] : 0) }
        let decay = 1 - c1 - cMu + (hSigma ? 0 : c1 * cC * (2 - cC))
        for i in 0..<n {
            for j in 0..<n {
                var rankMu = 0.0
                for (w, y) in zip(weights, ys) { rankMu += w * y[i] * y[j] }
                covariance[i * n + j] = decay * covariance[i * n + j] + c1 * pC[i] * pC[j] + cMu * rankMu
            }
        }
        sigma *= Foundation.exp(min(1, (cSigma / dSigma) * (norm / chiN - 1)))
        for i in 0..<n { for j in 0..<i { covariance[i * n + j] = covariance[j * n + i] } }
        let eigen = SymmetricEigen(covariance, n: n)
        b = eigen.vectors
        d = eigen.values.map { max($0, 1e-20).squareRoot() }
        bestHistory.append(sorted[0].value)
    }

    /// Converged or stuck: the step is below 1e-12 of the cube, the covariance is ill-conditioned,
    /// or the best values of the last 10 + 30n/λ generations agree to 1e-12.
    var shouldStop: Bool {
        if sigma * (d.max() ?? 0) < 1e-12 { return true }
        if let hi = d.max(), let lo = d.min(), lo > 0, (hi / lo) * (hi / lo) > 1e14 { return true }
        let window = 10 + Int((30 * Double(n) / Double(popsize)).rounded(.up))
        if bestHistory.count >= window {
            let recent = bestHistory.suffix(window)
            if let hi = recent.max(), let lo = recent.min(), hi - lo < 1e-12 { return true }
        }
        return false
    }
}
