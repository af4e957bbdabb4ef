import Foundation
import Testing
@testable import SwoopSearch

@Suite("Bayes Gaussian process")
struct BayesGaussianProcessTests {
    static let x: [Double] = [0.1, 0.4, 0.7, 0.9]
    static let y: [Double] = [1.0, -0.5, 0.3, 0.8]
    static let kernel = MaternKernel(logLengthScales: [log(0.2)], logSignalVariance: 0, logNoiseVariance: log(1e-8))

    @Test func meanInterpolatesAndVarianceShrinksAtData() throws {
        let gp = try #require(GaussianProcess(kernel: Self.kernel, x: Self.x, y: Self.y))
        let atData = gp.predict(Self.x)
        for i in 0..<4 {
            #expect(abs(atData.mean[i] - Self.y[i]) < 1e-5)
            #expect(atData.variance[i] < 1e-6)
        }
        let between = gp.predict([0.25, 10.0])
        #expect(between.variance[0] > 0.01 && between.variance[0] < 1)
        // Far from the data the prior comes back: mean 0, variance s² = 1.
        #expect(abs(between.mean[1]) < 1e-6)
        #expect(abs(between.variance[1] - 1) < 1e-6)
    }

    @Test func maternValueAtKnownDistance() {
        // r = 1: (1 + √5 + 5/3)·e^−√5.
        let expected = (1 + 5.0.squareRoot() + 5.0 / 3) * exp(-5.0.squareRoot())
        #expect(abs(MaternKernel.correlation(squaredDistance: 1) - expected) < 1e-14)
        #expect(MaternKernel.correlation(squaredDistance: 0) == 1)
    }

    @Test func negligibleCorrelationsAreExactlyZero() {
        let cut = MaternKernel.negligibleScaledDistance
        func r2(_ scaled: Double) -> Double { let r = scaled / MaternKernel.sqrt5; return r * r }
        let inside = MaternKernel.correlation(squaredDistance: r2(cut * (1 - 1e-9)))
        #expect(inside > 0 && inside < 2e-40)
        #expect(MaternKernel.correlation(squaredDistance: r2(cut * (1 + 1e-9))) == 0)
        #expect(MaternKernel.gradientFactor(squaredDistance: r2(cut * (1 + 1e-9))) == 0)
        #expect(MaternKernel.gradientFactor(squaredDistance: r2(cut * (1 - 1e-9))) > 0)
    }

    @Test func farApartClustersDoNotInteract() throws {
        // Two clusters 200 length scales apart (correlation about 1e-190, far from underflowing
        // by itself): the kernel matrix is block-diagonal with exact zeros, so the solves make no
        // subnormal products, and each cluster's predictions are those of a model holding it alone.
        let k = MaternKernel(logLengthScales: [log(0.01)], logSignalVariance: 0, logNoiseVariance: log(1e-6))
        let a: [Double] = [0.10, 0.11, 0.13], b: [Double] = [2.10, 2.12]
        let ya: [Double] = [0.3, -0.2, 0.5], yb: [Double] = [1.0, -1.0]
        let covariance = k.covariance(a + b, count: 5)
        for i in 0..<3 { for j in 3..<5 { #expect(covariance[i * 5 + j] == 0 && covariance[j * 5 + i] == 0) } }
        let both = try #require(GaussianProcess(kernel: k, x: a + b, y: ya + yb))
        let alone = try #require(GaussianProcess(kernel: k, x: a, y: ya))
        let p = [0.105, 0.12], joint = both.predict(p), single = alone.predict(p)
        for i in 0..<2 {
            #expect(abs(joint.mean[i] - single.mean[i]) < 1e-12)
            #expect(abs(joint.variance[i] - single.variance[i]) < 1e-12)
        }
    }

    @Test func predictionGradientsMatchFiniteDifferences() throws {
        let k = MaternKernel(logLengthScales: [log(0.3), log(0.5)], logSignalVariance: log(2), logNoiseVariance: log(1e-4))
        let x: [Double] = [0.1, 0.2, 0.5, 0.9, 0.8, 0.4, 0.3, 0.7]
        let gp = try #require(GaussianProcess(kernel: k, x: x, y: [0.5, -1, 0.2, 1.1]))
        let p = [0.42, 0.61]
        let g = gp.predictWithGradient(p)
        let h = 1e-6
        for i in 0..<2 {
            var a = p, b = p
            a[i] += h; b[i] -= h
            let pa = gp.predict(a), pb = gp.predict(b)
            #expect(abs((pa.mean[0] - pb.mean[0]) / (2 * h) - g.meanGradient[i]) < 1e-5)
            #expect(abs((pa.variance[0] - pb.variance[0]) / (2 * h) - g.varianceGradient[i]) < 1e-5)
        }
        let single = gp.predict(p)
        #expect(abs(single.mean[0] - g.mean) < 1e-12 && abs(single.variance[0] - g.variance) < 1e-12)
    }

    @Test func posteriorGradientMatchesFiniteDifferences() throws {
        let x: [Double] = [0.1, 0.2, 0.5, 0.9, 0.8, 0.4, 0.3, 0.7, 0.6, 0.1]
        let y: [Double] = [0.5, -1, 0.2, 1.1, -0.3]
        let objective = KernelPosterior(x: x, y: y, dimension: 2, prior: .standard(dimension: 2))
        let theta = [log(0.3), log(0.6), log(1.3), log(1e-3)]
        let r = try #require(objective.evaluate(theta))
        let h = 1e-6
        for i in theta.indices {
            var a = theta, b = theta
            a[i] += h; b[i] -= h
            let fd = (objective.evaluate(a)!.value - objective.evaluate(b)!.value) / (2 * h)
            #expect(abs(fd - r.gradient[i]) < 1e-5 * max(1, abs(fd)))
        }
    }

    @Test func mapFitFindsShortLengthScaleForWigglyData() throws {
        let xs = (0..<20).map { Double($0) / 19 }
        let wiggly = xs.map { sin(12 * $0) }
        let smooth = xs.map { 0.5 * $0 }
        var rng = SeededRandom(seed: 1)
        let fitter = KernelFitter(maxIterations: 80, maxEvaluations: 200)
        let w = try #require(fitter.fit(x: xs, y: wiggly, prior: .standard(dimension: 1), warmStart: nil, rng: &rng))
        let s = try #require(fitter.fit(x: xs, y: smooth, prior: .standard(dimension: 1), warmStart: nil, rng: &rng))
        #expect(w.logLengthScales[0] < s.logLengthScales[0])
        #expect(exp(w.logLengthScales[0]) < 0.5)
    }
}
