import SwoopConfig
import SwoopModel

/// A hyperparameter as the reports show it: a column, a parallel axis, a scatter, an importance feature.
public struct ReportParameter: Sendable, Hashable {
    public var name: String
    /// Key path into a run's config (`["optimizer", "lr"]`).
    public var path: [String]
    /// Numeric parameters plot on `scale`; categorical ones list `categories` (values as displayed).
    public var isCategorical: Bool
    public var scale: AxisScale
    public var categories: [String]

    public init(name: String, path: [String], isCategorical: Bool, scale: AxisScale = .linear, categories: [String] = []) {
        self.name = name
        self.path = path
        self.isCategorical = isCategorical
        self.scale = scale
        self.categories = categories
    }

    /// The reports' view of a searched parameter of the sweep's configuration.
    public init(_ spec: ParameterSpec) {
        switch spec.distribution {
        case .categorical(let values, _):
            let numeric = values.allSatisfy { $0.number != nil }
            if numeric {
                self.init(name: spec.name, path: spec.path, isCategorical: false)
            } else {
                self.init(name: spec.name, path: spec.path, isCategorical: true, categories: values.map { NumberFormat.cell($0) })
            }
        case .logUniform, .logUniformValues, .qLogUniform, .qLogUniformValues, .invLogUniform, .invLogUniformValues,
             .logNormal, .qLogNormal:
            self.init(name: spec.name, path: spec.path, isCategorical: false, scale: .log)
        default:
            self.init(name: spec.name, path: spec.path, isCategorical: false)
        }
    }

    /// The value's position: the number itself, or the index of its category (nil when it has neither).
    public func position(of value: JSONValue?) -> Double? {
        guard let value else { return nil }
        if isCategorical {
            return categories.firstIndex(of: NumberFormat.cell(value)).map(Double.init)
        }
        if let n = value.number { return n }
        if let b = value.boolValue { return b ? 1 : 0 }
        return nil
    }

    /// Reads this parameter from a run's config; accepts W&B's `{"key": {"value": v}}` shape at the top.
    public func value(in config: JSONValue) -> JSONValue? {
        var node: JSONValue? = config
        for (depth, key) in path.enumerated() {
            guard var next = node?[key] else { return nil }
            if depth == 0, case .object(let o) = next, o.count == 1, let v = o["value"] { next = v }
            node = next
        }
        return node
    }
}
