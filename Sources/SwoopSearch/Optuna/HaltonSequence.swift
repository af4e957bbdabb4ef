import Foundation

/// The Halton sequence (radical inverses in the first primes), optionally scrambled by a random
/// permutation of the digits at every position (as scipy's `qmc.Halton(scramble=True)`).
struct HaltonSequence: Sendable {
    let dimension: Int
    private let bases: [Int]
    /// permutations[d][position][digit], empty when unscrambled.
    private let permutations: [[[Int]]]

    init(dimension: Int, scrambleWith rng: inout SeededRandom?) {
        var primes: [Int] = []
        var candidate = 2
        while primes.count < dimension {
            if primes.allSatisfy({ candidate % $0 != 0 }) { primes.append(candidate) }
            candidate += 1
        }
        var permutations: [[[Int]]] = []
        if var r = rng {
            for base in primes {
                // Enough positions to resolve a double: base^positions ≥ 2^53.
                let positions = Int((53 * Foundation.log(2) / Foundation.log(Double(base))).rounded(.up))
                permutations.append((0..<positions).map { _ in
                    var digits = Array(0..<base)
                    for i in stride(from: base - 1, to: 0, by: -1) {
                        digits.swapAt(i, Int(r.next() % UInt64(i + 1)))
                    }
                    return digits
                })
            }
            rng = r
        }
        self.dimension = dimension
        self.bases = primes
        self.permutations = permutations
    }

    /// Point number `index` (from 0) in [0, 1)^dimension.
    func point(_ index: Int) -> [Double] {
        (0..<dimension).map { d in
            let base = bases[d]
            let inverse = 1 / Double(base)
            var n = index
            var scale = inverse
            var x = 0.0
            if permutations.isEmpty {
                while n > 0 {
                    x += Double(n % base) * scale
                    n /= base
                    scale *= inverse
                }
            } else {
                // Leading zero digits are permuted too, so the scramble reaches every position.
                for position in permutations[d] {
                    x += Double(position[n % base]) * scale
                    n /= base
                    scale *= inverse
                }
            }
            return min(x, 1 - Double.ulpOfOne / 2)
        }
    }
}
