import Foundation

/// A randomly shifted Kronecker (R_d, "generalized golden ratio") low-discrepancy sequence on
/// [0, 1)^d: point i is frac(shift + i·α) with αⱼ = φ_d^−(j+1), φ_d the root of x^(d+1) = x + 1.
///
/// It fills space evenly in any dimension without direction-number tables, and point i depends
/// only on (shift, i), so the initial design stays consistent across separate asks.
struct KroneckerSequence: Sendable, Hashable {
    let alpha: [Double]
    let shift: [Double]

    init(dimension d: Int, shift: [Double]) {
        precondition(shift.count == d, "one shift per dimension")
        var phi = 2.0
        for _ in 0..<64 { phi = pow(1 + phi, 1 / Double(d + 1)) }
        alpha = (0..<d).map { fmod(pow(1 / phi, Double($0 + 1)), 1) }
        self.shift = shift
    }

    func point(_ index: Int) -> [Double] {
        zip(alpha, shift).map { a, s in
            let v = s + Double(index) * a
            return v - v.rounded(.down)
        }
    }
}
