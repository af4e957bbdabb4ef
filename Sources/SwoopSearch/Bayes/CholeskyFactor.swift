import Foundation

/// The lower Cholesky factor L of a symmetric positive-definite matrix A = L·Lᵀ, row-major.
///
/// Kernel matrices are often numerically singular (duplicate points, long length scales), so the
/// factorization retries with a growing diagonal jitter instead of failing; `jitter` says how much
/// was added. Plain Swift over contiguous buffers: no LAPACK on the platforms we ship to.
struct CholeskyFactor: Sendable {
    let n: Int
    /// Row-major n×n; entries above the diagonal are zero.
    private(set) var lower: [Double]
    /// The diagonal term added to A to make it factorizable (0 when none was needed).
    private(set) var jitter: Double

    /// Factors the row-major n×n matrix `a` (only its lower triangle is read), or nil when even
    /// the largest jitter does not make it positive definite (non-finite input).
    init?(_ a: [Double], n: Int, maxTries: Int = 8) {
        precondition(a.count == n * n, "matrix must be n×n")
        self.n = n
        var meanDiagonal = 0.0
        for i in 0..<n { meanDiagonal += abs(a[i * n + i]) }
        meanDiagonal = n > 0 ? max(meanDiagonal / Double(n), 1e-300) : 1
        var jitter = 0.0
        for attempt in 0...maxTries {
            if let l = Self.factor(a, n: n, jitter: jitter) {
                lower = l
                self.jitter = jitter
                return
            }
            // 1e-10, 1e-9, ... of the mean diagonal: small enough not to distort a healthy fit.
            jitter = meanDiagonal * pow(10, Double(attempt) - 10)
        }
        return nil
    }

    /// Cholesky–Banachiewicz, row by row, so the inner products run over contiguous memory.
    private static func factor(_ a: [Double], n: Int, jitter: Double) -> [Double]? {
        var l = [Double](repeating: 0, count: n * n)
        let ok = l.withUnsafeMutableBufferPointer { lp -> Bool in
            a.withUnsafeBufferPointer { ap -> Bool in
                for i in 0..<n {
                    let ri = i * n
                    for j in 0...i {
                        let rj = j * n
                        var s = ap[ri + j]
                        if j > 0 { s -= VectorOps.dot(lp.baseAddress! + ri, lp.baseAddress! + rj, j) }
                        if i == j {
                            s += jitter
                            guard s > 0, s.isFinite else { return false }
                            lp[ri + i] = s.squareRoot()
                        } else {
                            lp[ri + j] = s / lp[rj + j]
                        }
                    }
                }
                return true
            }
        }
        return ok ? l : nil
    }

    /// log det A = 2 Σ log Lᵢᵢ.
    var logDeterminant: Double {
        var s = 0.0
        for i in 0..<n { s += Foundation.log(lower[i * n + i]) }
        return 2 * s
    }

    /// Solves L·x = b in place (forward substitution).
    func solveLower(_ b: inout [Double]) {
        precondition(b.count == n)
        let n = n
        lower.withUnsafeBufferPointer { lp in
            b.withUnsafeMutableBufferPointer { bp in
                for i in 0..<n {
                    let ri = i * n
                    var s = bp[i]
                    if i > 0 { s -= VectorOps.dot(lp.baseAddress! + ri, bp.baseAddress!, i) }
                    bp[i] = s / lp[ri + i]
                }
            }
        }
    }

    /// Solves Lᵀ·x = b in place (back substitution), column-oriented so L is read by rows.
    func solveUpper(_ b: inout [Double]) {
        precondition(b.count == n)
        let n = n
        lower.withUnsafeBufferPointer { lp in
            b.withUnsafeMutableBufferPointer { bp in
                var i = n - 1
                while i >= 0 {
                    let ri = i * n
                    let xi = bp[i] / lp[ri + i]
                    bp[i] = xi
                    if i > 0 { VectorOps.axpy(-xi, lp.baseAddress! + ri, bp.baseAddress!, i) }
                    i -= 1
                }
            }
        }
    }

    /// A⁻¹·b.
    func solve(_ b: [Double]) -> [Double] {
        var x = b
        solveLower(&x)
        solveUpper(&x)
        return x
    }

    /// A⁻¹ (row-major, full), as L⁻ᵀ·L⁻¹; the marginal-likelihood gradient needs all of it.
    func inverse() -> [Double] {
        let n = n
        // Rows of L⁻¹ by forward substitution on the unit vectors, stored row-major.
        var inv = [Double](repeating: 0, count: n * n)
        lower.withUnsafeBufferPointer { lp in
            inv.withUnsafeMutableBufferPointer { ip in
                // Row i of L⁻¹ is −(Σₖ<ᵢ Lᵢₖ·row k of L⁻¹)/Lᵢᵢ off the diagonal: axpys over contiguous rows.
                for i in 0..<n {
                    let ri = i * n
                    for k in 0..<i {
                        let a = lp[ri + k]
                        if a == 0 { continue }
                        let rk = k * n
                        VectorOps.axpy(-a, ip.baseAddress! + rk, ip.baseAddress! + ri, k + 1)
                    }
                    let d = 1 / lp[ri + i]
                    for j in 0..<i { ip[ri + j] *= d }
                    ip[ri + i] = d
                }
            }
        }
        // (L⁻ᵀ L⁻¹)ᵢⱼ = Σₖ M[k][i]·M[k][j] over rows k ≥ max(i, j): a sum of row outer products.
        var out = [Double](repeating: 0, count: n * n)
        inv.withUnsafeBufferPointer { mp in
            out.withUnsafeMutableBufferPointer { op in
                for k in 0..<n {
                    let rk = k * n
                    for i in 0...k {
                        let mi = mp[rk + i]
                        if mi == 0 { continue }
                        VectorOps.axpy(mi, mp.baseAddress! + rk, op.baseAddress! + i * n, i + 1)
                    }
                }
                for i in 0..<n {
                    for j in 0..<i { op[j * n + i] = op[i * n + j] }
                }
            }
        }
        return out
    }
}
