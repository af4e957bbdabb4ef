import SwoopConfig
import SwoopModel

/// Maps parameter values to the GP's input space and back: one column per numeric parameter on
/// [0, 1] through the distribution's CDF (linear for uniform, log-linear for the log families,
/// the normal or beta CDF for those), one-hot columns per categorical, nothing for constants.
///
/// Decoding goes through W&B's quantile maps, and `snap` re-encodes the decoded value, so the
/// model always sees the point that is actually evaluated (integers and q-steps rounded).
struct BayesEncoding: Sendable {
    enum Coding: Sendable {
        /// `cellCenter` shifts int_uniform's CDF (the top of the value's cell) to the cell's middle,
        /// which the quantile map sends back to the same integer from both sides.
        case numeric(parameter: Int, column: Int, distribution: Distribution, cellCenter: Double)
        case categorical(parameter: Int, column: Int, values: [JSONValue], keys: [ValueKey])
        /// A single-valued categorical: searchable in W&B's sense, but there is nothing to learn.
        case fixed(parameter: Int, value: JSONValue)
    }

    let space: SearchSpace
    let codings: [Coding]
    /// Number of GP input columns.
    let dimension: Int
    /// Per column bounds of the search box (the normal families stay inside ±3.09σ).
    let lower: [Double]
    let upper: [Double]
    /// Columns that vary continuously during the acquisition search (numeric ones).
    let continuousColumns: [Int]

    init(space: SearchSpace) throws(SearchError) {
        let searchable = space.searchableIndices
        guard !searchable.isEmpty else {
            throw SearchError("Need at least one searchable parameter for bayes search.")
        }
        var codings: [Coding] = []
        var lower: [Double] = [], upper: [Double] = []
        var continuous: [Int] = []
        for p in searchable {
            let distribution = space.parameters[p].distribution
            switch distribution {
            case .constant:
                continue
            case .categorical(let values, _):
                if values.count <= 1 {
                    codings.append(.fixed(parameter: p, value: values.first ?? .null))
                    continue
                }
                codings.append(.categorical(parameter: p, column: lower.count, values: values,
                                            keys: values.map(ValueKey.init)))
                lower += Array(repeating: 0, count: values.count)
                upper += Array(repeating: 1, count: values.count)
            default:
                var center = 0.0
                if case .intUniform(let lo, let hi) = distribution {
                    center = 0.5 / (Double(hi) - Double(lo) + 1)
                }
                continuous.append(lower.count)
                codings.append(.numeric(parameter: p, column: lower.count, distribution: distribution,
                                        cellCenter: center))
                let tail = Self.tailMargin(distribution)
                lower.append(tail)
                upper.append(1 - tail)
            }
        }
        self.space = space
        self.codings = codings
        self.dimension = lower.count
        self.lower = lower
        self.upper = upper
        self.continuousColumns = continuous
    }

    /// Unbounded families are searched between the 0.1% and 99.9% quantiles: their quantile map
    /// runs off to ±∞ at the ends, and EI likes to chase a box's edges.
    private static func tailMargin(_ distribution: Distribution) -> Double {
        switch distribution {
        case .normal, .qNormal, .logNormal, .qLogNormal: return 1e-3
        default: return 0
        }
    }

    /// The encoded point of a trial's values, or nil when a searched value is missing or is not a
    /// permitted value (such a trial cannot be placed in the model).
    func encode(_ values: [JSONValue?]) -> [Double]? {
        var point = [Double](repeating: 0, count: dimension)
        for coding in codings {
            switch coding {
            case .numeric(let p, let column, let distribution, let center):
                guard p < values.count, let value = values[p], var u = distribution.cdf(value) else { return nil }
                u -= center
                point[column] = min(max(u, 0), 1)
            case .categorical(let p, let column, _, let keys):
                guard p < values.count, let value = values[p],
                      let i = keys.firstIndex(of: ValueKey(value)) else { return nil }
                point[column + i] = 1
            case .fixed:
                continue
            }
        }
        return point
    }

    /// Every parameter's value (constants included) for an encoded point.
    func decode(_ point: [Double]) -> [JSONValue] {
        var values = space.parameters.map { spec -> JSONValue in
            if case .constant(let v) = spec.distribution { return v }
            return .null
        }
        for coding in codings {
            switch coding {
            case .numeric(let p, let column, let distribution, _):
                values[p] = distribution.quantile(point[column])
            case .categorical(let p, let column, let choices, _):
                var best = 0
                for i in 1..<choices.count where point[column + i] > point[column + best] { best = i }
                values[p] = choices[best]
            case .fixed(let p, let value):
                values[p] = value
            }
        }
        return values
    }

    /// The encoding of the point that decoding `point` actually yields.
    func snap(_ point: [Double]) -> [Double] {
        encode(decode(point).map(Optional.some)) ?? point
    }

    /// An encoded point from one coordinate in [0, 1) per coding (a design or random point):
    /// numeric coordinates scaled into the column's box, categoricals picked by equal cells.
    func point(fromUnit u: [Double]) -> [Double] {
        var point = [Double](repeating: 0, count: dimension)
        for (coding, ui) in zip(codings, u) {
            switch coding {
            case .numeric(_, let column, _, _):
                point[column] = lower[column] + ui * (upper[column] - lower[column])
            case .categorical(_, let column, let values, _):
                point[column + min(Int(ui * Double(values.count)), values.count - 1)] = 1
            case .fixed:
                continue
            }
        }
        return snap(point)
    }

    /// The snapped points one step away in a single discrete numeric column (the next integer or
    /// q-multiple up and down). Gradients on the relaxation rarely cross a cell boundary, and a
    /// GP that is unsure about an integer's effect would otherwise never try the neighbours.
    func discreteNeighbours(_ point: [Double]) -> [[Double]] {
        var out: [[Double]] = []
        for coding in codings {
            guard case .numeric(let p, let column, let distribution, let center) = coding else { continue }
            let current = decode(point)[p]
            var steps: [JSONValue] = []
            switch distribution {
            case .intUniform(let lo, let hi):
                if case .int(let k) = current {
                    if k > lo { steps.append(.int(k - 1)) }
                    if k < hi { steps.append(.int(k + 1)) }
                }
            case .qUniform(_, _, let q), .qLogUniform(_, _, let q), .qLogUniformValues(_, _, let q),
                 .qNormal(_, _, let q), .qLogNormal(_, _, let q), .qBeta(_, _, let q):
                if let v = current.number {
                    steps = [v - q.step, v + q.step].map { q.isInteger ? .int(Int($0.rounded())) : .double($0) }
                }
            default:
                continue
            }
            for value in steps {
                guard var u = distribution.cdf(value) else { continue }
                u = min(max(u - center, lower[column]), upper[column])
                var moved = point
                moved[column] = u
                let snapped = snap(moved)
                if snapped != point { out.append(snapped) }
            }
        }
        return out
    }

    /// One-hot groups as (first column, number of values), for searches that move between categories.
    var categoricalGroups: [(column: Int, count: Int)] {
        codings.compactMap {
            if case .categorical(_, let column, let values, _) = $0 { return (column, values.count) }
            return nil
        }
    }
}
