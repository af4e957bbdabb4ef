import Foundation
import Testing
@testable import SwoopSearch

@Suite("Bayes linear algebra")
struct BayesLinearAlgebraTests {
    // A = L·Lᵀ with L = [[2,0,0],[1,3,0],[-1,2,4]].
    static let l: [Double] = [2, 0, 0, 1, 3, 0, -1, 2, 4]
    static let a: [Double] = [4, 2, -2, 2, 10, 5, -2, 5, 21]

    @Test func choleskyOfKnownMatrix() throws {
        let c = try #require(CholeskyFactor(Self.a, n: 3))
        #expect(c.jitter == 0)
        for (x, y) in zip(c.lower, Self.l) { #expect(abs(x - y) < 1e-12) }
        #expect(abs(c.logDeterminant - log(576)) < 1e-12)  // det = (2·3·4)²
    }

    @Test func triangularSolvesAndFullSolve() throws {
        let c = try #require(CholeskyFactor(Self.a, n: 3))
        var b: [Double] = [2, 7, 7]  // L·[1, 2, 1]
        c.solveLower(&b)
        for (x, y) in zip(b, [1.0, 2, 1]) { #expect(abs(x - y) < 1e-12) }
        var u: [Double] = [3, 8, 4]  // Lᵀ·[1, 2, 1]
        c.solveUpper(&u)
        for (x, y) in zip(u, [1.0, 2, 1]) { #expect(abs(x - y) < 1e-12) }
        let x = c.solve([1, 2, 3])
        for i in 0..<3 {
            let r = (0..<3).reduce(0.0) { $0 + Self.a[i * 3 + $1] * x[$1] }
            #expect(abs(r - Double(i + 1)) < 1e-12)
        }
    }

    @Test func inverseTimesMatrixIsIdentity() throws {
        let c = try #require(CholeskyFactor(Self.a, n: 3))
        let inv = c.inverse()
        for i in 0..<3 {
            for j in 0..<3 {
                let s = (0..<3).reduce(0.0) { $0 + inv[i * 3 + $1] * Self.a[$1 * 3 + j] }
                #expect(abs(s - (i == j ? 1 : 0)) < 1e-12)
            }
        }
    }

    @Test func singularMatrixGetsJitter() throws {
        // Rank one: [1,1;1,1].
        let c = try #require(CholeskyFactor([1, 1, 1, 1], n: 2))
        #expect(c.jitter > 0)
        #expect(c.jitter < 1e-3)
    }

    @Test func nonFiniteMatrixFails() {
        #expect(CholeskyFactor([.nan, 0, 0, 1], n: 2) == nil)
    }

    @Test func lbfgsMinimizesRosenbrockInABox() throws {
        let f: ([Double]) -> (value: Double, gradient: [Double])? = { x in
            let a = 1 - x[0], b = x[1] - x[0] * x[0]
            return (a * a + 100 * b * b, [-2 * a - 400 * x[0] * b, 200 * b])
        }
        var opt = BoundedLBFGS()
        opt.maxIterations = 500
        opt.maxEvaluations = 2000
        let free = try #require(opt.minimize(start: [-1.2, 1], lower: [-2, -2], upper: [2, 2], f))
        #expect(abs(free.x[0] - 1) < 1e-3 && abs(free.x[1] - 1) < 1e-3)
        // With x₀ ≤ 0.5 the minimum sits on the bound at (0.5, 0.25).
        let boxed = try #require(opt.minimize(start: [-1.2, 1], lower: [-2, -2], upper: [0.5, 2], f))
        #expect(abs(boxed.x[0] - 0.5) < 1e-6 && abs(boxed.x[1] - 0.25) < 1e-3)
    }
}
