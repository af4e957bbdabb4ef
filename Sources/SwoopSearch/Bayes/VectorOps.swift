/// Inner loops of the dense linear algebra. A plain `for` dot product cannot be vectorized
/// (floating-point addition is not reassociated), so sums run in SIMD lanes here.
enum VectorOps {
    /// Σ a[k]·b[k] for k < n.
    @inline(__always)
    static func dot(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ n: Int) -> Double {
        var acc0 = SIMD4<Double>(), acc1 = SIMD4<Double>()
        var k = 0
        let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
        while k + 8 <= n {
            acc0 += ra.loadUnaligned(fromByteOffset: k * 8, as: SIMD4<Double>.self)
                * rb.loadUnaligned(fromByteOffset: k * 8, as: SIMD4<Double>.self)
            acc1 += ra.loadUnaligned(fromByteOffset: k * 8 + 32, as: SIMD4<Double>.self)
                * rb.loadUnaligned(fromByteOffset: k * 8 + 32, as: SIMD4<Double>.self)
            k += 8
        }
        var s = (acc0 + acc1).sum()
        while k < n {
            s += a[k] * b[k]
            k += 1
        }
        return s
    }

    /// y[k] += alpha·x[k] for k < n.
    @inline(__always)
    static func axpy(_ alpha: Double, _ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, _ n: Int) {
        for k in 0..<n { y[k] += alpha * x[k] }
    }
}
