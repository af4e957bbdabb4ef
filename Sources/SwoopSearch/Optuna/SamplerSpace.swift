import SwoopConfig
import SwoopModel

/// The searched parameters as the Optuna-style samplers (TPE, QMC, CMA-ES) see them: one
/// dimension per parameter that varies, constants and one-valued categoricals held fixed.
///
/// A continuous dimension's coordinate is the distribution's CDF in [0, 1]: linear for uniform,
/// log-linear for the log families, the normal or beta CDF for those, so the samplers search the
/// user's prior as a uniform box and every value maps back through W&B's quantile map. TPE's
/// bandwidth rules and the prior are affine invariant, so this equals Optuna's log scale.
/// int_uniform and q_uniform are discrete: an index 0..<count into their values.
struct SamplerSpace: Sendable {
    enum Dimension: Sendable {
        case continuous(parameter: Int, distribution: Distribution)
        /// int_uniform: value = low + index.
        case integer(parameter: Int, low: Int, count: Double)
        /// q_uniform: value = (firstStep + index) · q, W&B's rounding and integer rendering.
        case quantized(parameter: Int, firstStep: Double, count: Double, q: Quantum)
        case categorical(parameter: Int, values: [JSONValue], keys: [ValueKey])

        /// Number of values of a discrete or categorical dimension; nil for continuous ones.
        var count: Double? {
            switch self {
            case .continuous: return nil
            case .integer(_, _, let n), .quantized(_, _, let n, _): return n
            case .categorical(_, let values, _): return Double(values.count)
            }
        }

        var isCategorical: Bool {
            if case .categorical = self { return true }
            return false
        }
    }

    let space: SearchSpace
    let dimensions: [Dimension]
    /// Every parameter's value with the searched ones left null (constants and fixed values set).
    private let template: [JSONValue]

    init(space: SearchSpace) {
        var dimensions: [Dimension] = []
        var template = [JSONValue](repeating: .null, count: space.parameters.count)
        for (p, spec) in space.parameters.enumerated() {
            switch spec.distribution {
            case .constant(let v):
                template[p] = v
            case .categorical(let values, _):
                if values.count <= 1 {
                    template[p] = values.first ?? .null
                } else {
                    dimensions.append(.categorical(parameter: p, values: values, keys: values.map(ValueKey.init)))
                }
            case .intUniform(let lo, let hi):
                dimensions.append(.integer(parameter: p, low: lo, count: Double(hi) - Double(lo) + 1))
            case .qUniform(let lo, let hi, let q):
                let first = SpecialFunctions.roundHalfEven(lo / q.step)
                let last = SpecialFunctions.roundHalfEven(hi / q.step)
                dimensions.append(.quantized(parameter: p, firstStep: first, count: max(1, last - first + 1), q: q))
            default:
                dimensions.append(.continuous(parameter: p, distribution: spec.distribution))
            }
        }
        self.space = space
        self.dimensions = dimensions
        self.template = template
    }

    /// The coordinates of a trial's values: CDF for continuous dimensions, an index for the others;
    /// nil when a searched value is missing or not a permitted value (the trial cannot be placed).
    func encode(_ values: [JSONValue?]) -> [Double]? {
        var z = [Double](repeating: 0, count: dimensions.count)
        for (i, dimension) in dimensions.enumerated() {
            switch dimension {
            case .continuous(let p, let distribution):
                guard p < values.count, let v = values[p], let u = distribution.cdf(v), u.isFinite else { return nil }
                z[i] = u
            case .integer(let p, let low, let count):
                guard p < values.count, let x = values[p]?.number, x.isFinite else { return nil }
                z[i] = min(max((x - Double(low)).rounded(), 0), count - 1)
            case .quantized(let p, let first, let count, let q):
                guard p < values.count, let x = values[p]?.number, x.isFinite else { return nil }
                z[i] = min(max(SpecialFunctions.roundHalfEven(x / q.step) - first, 0), count - 1)
            case .categorical(let p, _, let keys):
                guard p < values.count, let v = values[p], let k = keys.firstIndex(of: ValueKey(v)) else { return nil }
                z[i] = Double(k)
            }
        }
        return z
    }

    /// Every parameter's value for coordinates as `encode` gives them (indices are rounded and clamped).
    func decode(_ z: [Double]) -> [JSONValue] {
        var values = template
        for (i, dimension) in dimensions.enumerated() {
            switch dimension {
            case .continuous(let p, let distribution):
                values[p] = distribution.quantile(z[i])
            case .integer(let p, let low, let count):
                let k = min(max(z[i].rounded(), 0), count - 1)
                values[p] = .int(low &+ Int(k))
            case .quantized(let p, let first, let count, let q):
                let k = min(max(z[i].rounded(), 0), count - 1)
                values[p] = Distribution.quantize((first + k) * q.step, q)
            case .categorical(let p, let choices, _):
                values[p] = choices[Int(min(max(z[i].rounded(), 0), Double(choices.count - 1)))]
            }
        }
        return values
    }

    /// Coordinates in the unit cube (for QMC and CMA-ES): a discrete index k becomes the middle of
    /// its cell, (k + 0.5) / count.
    func unit(fromCoordinates z: [Double]) -> [Double] {
        zip(dimensions, z).map { dimension, x in
            guard let n = dimension.count else { return x }
            return (x + 0.5) / n
        }
    }

    /// Every parameter's value for a point of the unit cube: equal cells for discrete dimensions.
    func decode(unit u: [Double]) -> [JSONValue] {
        decode(zip(dimensions, u).map { dimension, x in
            guard let n = dimension.count else { return min(max(x, 0), 1) }
            return min((x * n).rounded(.down), n - 1)
        })
    }
}
