import Foundation
import Testing
@testable import SwoopSearch

@Suite("Bayes log expected improvement")
struct BayesAcquisitionTests {
    /// EI by its textbook formula, for where it is representable.
    static func directEI(mean: Double, sd: Double, best: Double) -> Double {
        let z = (best - mean) / sd
        let phi = exp(-0.5 * z * z) / (2 * Double.pi).squareRoot()
        let cdf = 0.5 * erfc(-z / 2.0.squareRoot())
        return sd * (phi + z * cdf)
    }

    @Test(arguments: [-30.0, -12.0, -5.0, -1.5, -1.0, -0.3, 0.0, 0.7, 3.0, 10.0])
    func logEIMatchesDirectEI(z: Double) {
        let sd = 0.7, best = 0.2
        let mean = best - z * sd
        let direct = Self.directEI(mean: mean, sd: sd, best: best)
        let logEI = LogExpectedImprovement.value(mean: mean, sd: sd, best: best)
        #expect(direct > 0)
        #expect(abs(logEI - log(direct)) < 1e-9 * max(1, abs(log(direct))))
    }

    @Test func logEIStaysFiniteWhereEIUnderflows() {
        #expect(Self.directEI(mean: 50, sd: 1, best: 0) == 0)
        var previous = Double.infinity
        for z in [-40.0, -100, -1e3, -1e5, -1e8, -1e12] {
            let v = LogExpectedImprovement.value(mean: -z, sd: 1, best: 0)
            #expect(v.isFinite)
            #expect(v < previous)  // still ordered: worse points score lower
            previous = v
        }
    }

    @Test func gradientMatchesFiniteDifferences() {
        for (mean, sd) in [(0.3, 0.5), (3.0, 0.2), (-1.0, 2.0), (40.0, 1.0)] {
            let g = LogExpectedImprovement.valueAndGradient(mean: mean, sd: sd, best: 0)
            let h = 1e-6
            let dm = (LogExpectedImprovement.value(mean: mean + h, sd: sd, best: 0)
                - LogExpectedImprovement.value(mean: mean - h, sd: sd, best: 0)) / (2 * h)
            let ds = (LogExpectedImprovement.value(mean: mean, sd: sd + h, best: 0)
                - LogExpectedImprovement.value(mean: mean, sd: sd - h, best: 0)) / (2 * h)
            #expect(abs(dm - g.dMean) < 1e-4 * max(1, abs(dm)))
            #expect(abs(ds - g.dSD) < 1e-4 * max(1, abs(ds)))
        }
    }

    @Test func maximizerFindsTheOneDimensionalOptimum() throws {
        // Data around a minimum at 0.63: the EI maximum must be near it, not at a random candidate.
        let xs: [Double] = [0.0, 0.2, 0.4, 0.55, 0.7, 0.85, 1.0]
        let ys = xs.map { ($0 - 0.63) * ($0 - 0.63) * 10 - 0.5 }
        let k = MaternKernel(logLengthScales: [log(0.3)], logSignalVariance: 0, logNoiseVariance: log(1e-6))
        let gp = try #require(GaussianProcess(kernel: k, x: xs, y: ys))
        let space = SearchSpaceFixtures.space(["x": .uniform(min: 0, max: 1)])
        let encoding = try BayesEncoding(space: space)
        var rng = SeededRandom(seed: 3)
        let m = AcquisitionMaximizer(randomCandidates: 500, perturbationsPerAnchor: 30, localStarts: 4)
        let r = m.maximize(AcquisitionObjective(model: gp, best: ys.min()!), encoding: encoding, anchors: [[0.55], [0.7]],
                           rng: &rng)
        #expect(abs(r.point[0] - 0.63) < 0.08)
        // Nothing on a fine grid beats the chosen point's log EI by more than rounding.
        let grid = (0...2000).map { Double($0) / 2000 }
        let p = gp.predict(grid)
        let gridBest = grid.indices.map {
            LogExpectedImprovement.value(mean: p.mean[$0], sd: p.variance[$0].squareRoot(), best: ys.min()!)
        }.max()!
        #expect(r.logEI >= gridBest - 1e-6)
    }
}
