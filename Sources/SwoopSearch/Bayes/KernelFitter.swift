import Foundation

/// Maximum-a-posteriori kernel hyperparameters: L-BFGS on the negative log posterior from the
/// previous fit (when its shape matches), the prior mode, and a jittered prior draw; the best wins.
struct KernelFitter: Sendable {
    var maxIterations: Int
    var maxEvaluations: Int

    /// `restarts: false` polishes the warm start alone (when there is one): after one new result
    /// the posterior's optimum moves little, and the fresh starts are most of the cost.
    func fit(x: [Double], y: [Double], prior: KernelPosterior.Prior, warmStart: [Double]?, restarts: Bool = true,
             rng: inout SeededRandom) -> MaternKernel? {
        let dimension = prior.mean.count - 2
        let objective = KernelPosterior(x: x, y: y, dimension: dimension, prior: prior)
        var starts: [[Double]] = []
        if let warmStart, warmStart.count == dimension + 2 { starts.append(warmStart) }
        if !restarts && !starts.isEmpty { return bestFit(objective, prior: prior, starts: starts) }
        starts.append(prior.mode)
        // A start with shorter length scales: the prior mode is smooth, and a rugged objective's
        // better optimum is often on the other side of a ridge in the posterior.
        var rough = prior.mode
        for i in 0..<dimension { rough[i] -= 1.0 + 0.5 * rng.uniform() }
        starts.append(rough)
        return bestFit(objective, prior: prior, starts: starts)
    }

    private func bestFit(_ objective: KernelPosterior, prior: KernelPosterior.Prior, starts: [[Double]]) -> MaternKernel? {
        var optimizer = BoundedLBFGS()
        optimizer.maxIterations = maxIterations
        optimizer.maxEvaluations = maxEvaluations
        optimizer.gradientTolerance = 1e-5
        optimizer.relativeTolerance = 1e-9
        var best: BoundedLBFGS.Result?
        for start in starts {
            guard let r = optimizer.minimize(start: start, lower: prior.lower, upper: prior.upper, objective.evaluate) else {
                continue
            }
            if best == nil || r.value < best!.value { best = r }
        }
        return best.map { MaternKernel(parameters: $0.x) }
    }
}
