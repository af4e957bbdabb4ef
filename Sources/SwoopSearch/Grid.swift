import SwoopConfig
import SwoopModel

/// W&B's grid over a search space (reference §2.2): the cartesian product of the searched axes
/// in the space's flat order, last parameter varying fastest, constants carried; each point is
/// numbered by its position in that product.
struct Grid: Sendable {
    let space: SearchSpace
    /// Parameter index of each axis; parameters not listed are constants.
    let axisParameters: [Int]
    let axes: [GridAxis]
    /// Number of points.
    let size: Int

    init(_ space: SearchSpace) throws(SearchError) {
        var axisParameters: [Int] = []
        var axes: [GridAxis] = []
        for (i, spec) in space.parameters.enumerated() {
            switch spec.distribution {
            case .constant:
                continue
            case .categorical(let values, nil):
                axes.append(GridAxis(categorical: values))
            case .intUniform(let lo, let hi):
                axes.append(try GridAxis(integersFrom: lo, through: hi))
            case .qUniform(let lo, let hi, let q):
                axes.append(try GridAxis(arangeFrom: lo, to: hi, q: q))
            default:
                throw SearchError(
                    "Parameter \(spec.name) is a disallowed type with grid search. Grid search requires all parameters "
                        + "to be categorical, constant, int_uniform, or q_uniform. Specification of probabilities for "
                        + "categorical parameters is disallowed in grid search")
            }
            axisParameters.append(i)
        }
        var size = 1
        for axis in axes {
            let (product, overflow) = size.multipliedReportingOverflow(by: axis.count)
            guard !overflow else {
                throw SearchError("the grid has more than \(Int.max) points")
            }
            size = product
        }
        self.space = space
        self.axisParameters = axisParameters
        self.axes = axes
        self.size = size
    }

    /// The number of the point a trial's values name, or nil when a value is missing or off the grid
    /// (such a trial blocks nothing, as W&B's short or unmatched hash tuple).
    func number(of values: [JSONValue?]) -> Int? {
        var n = 0
        for (axis, p) in zip(axes, axisParameters) {
            guard p < values.count, let value = values[p], let i = axis.index(of: value) else { return nil }
            n = n * axis.count + i
        }
        return n
    }

    /// The values of point `n`, one per parameter of the space.
    func point(_ n: Int) -> [JSONValue] {
        var values = space.parameters.map { spec -> JSONValue in
            if case .constant(let v) = spec.distribution { return v }
            return .null
        }
        var rest = n
        for (axis, p) in zip(axes, axisParameters).reversed() {
            values[p] = axis.value(at: rest % axis.count)
            rest /= axis.count
        }
        return values
    }
}
