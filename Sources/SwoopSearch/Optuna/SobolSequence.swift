/// The Sobol sequence (Joe–Kuo direction numbers, 30 bits), optionally scrambled by a random
/// linear matrix scramble and digital shift (Matoušek; what scipy's `qmc.Sobol(scramble=True)` does).
///
/// Points are computed from their index (Gray code), so a resumed sweep continues the sequence.
struct SobolSequence: Sendable {
    static let bits = 30
    static var maxDimension: Int { SobolDirectionTable.rows.count }

    let dimension: Int
    /// v[d][j]: direction number j of dimension d, as a `bits`-bit integer.
    private let directions: [[UInt32]]
    private let shift: [UInt32]

    init(dimension: Int, scrambleWith rng: inout SeededRandom?) {
        precondition(dimension <= Self.maxDimension)
        let bits = Self.bits
        var directions: [[UInt32]] = []
        for d in 0..<dimension {
            var v = [UInt32](repeating: 0, count: bits)
            if d == 0 {
                for j in 0..<bits { v[j] = 1 }
            } else {
                let (poly, m) = SobolDirectionTable.rows[d]
                let degree = 31 - poly.leadingZeroBitCount
                for j in 0..<min(degree, bits) { v[j] = m[j] }
                if degree < bits {
                    for j in degree..<bits {
                        var value = v[j - degree]
                        var power: UInt32 = 1
                        for k in 0..<degree {
                            power <<= 1
                            if (poly >> UInt32(degree - 1 - k)) & 1 == 1 {
                                value ^= power &* v[j - k - 1]
                            }
                        }
                        v[j] = value
                    }
                }
            }
            // Column j holds m_j / 2^(j+1) as a bits-bit fraction.
            for j in 0..<bits { v[j] <<= UInt32(bits - 1 - j) }
            directions.append(v)
        }
        var shift = [UInt32](repeating: 0, count: dimension)
        if var r = rng {
            for d in 0..<dimension {
                // Lower-triangular matrix with a unit diagonal, digits counted from the most significant.
                var rows = [UInt32](repeating: 0, count: bits)
                for i in 0..<bits {
                    var row: UInt32 = 1 << UInt32(bits - 1 - i)
                    for k in 0..<i where r.next() & 1 == 1 { row |= 1 << UInt32(bits - 1 - k) }
                    rows[i] = row
                }
                directions[d] = directions[d].map { v in
                    var out: UInt32 = 0
                    for i in 0..<bits where (rows[i] & v).nonzeroBitCount & 1 == 1 { out |= 1 << UInt32(bits - 1 - i) }
                    return out
                }
                shift[d] = UInt32(truncatingIfNeeded: r.next() >> 34)
            }
            rng = r
        }
        self.dimension = dimension
        self.directions = directions
        self.shift = shift
    }

    /// Point number `index` (from 0) in [0, 1)^dimension.
    func point(_ index: Int) -> [Double] {
        let gray = UInt64(index) ^ (UInt64(index) >> 1)
        let scale = 1.0 / Double(1 << Self.bits)
        return (0..<dimension).map { d in
            var x = shift[d]
            var g = gray
            var j = 0
            while g != 0, j < Self.bits {
                if g & 1 == 1 { x ^= directions[d][j] }
                g >>= 1
                j += 1
            }
            return Double(x) * scale
        }
    }
}
