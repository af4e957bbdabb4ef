import SwoopModel

/// A quantization step; W&B emits integers when `q` was written as an integer.
public struct Quantum: Sendable, Hashable {
    public var step: Double
    /// True when `q` was an integer literal, so quantized values are emitted as integers.
    public var isInteger: Bool

    public init(step: Double, isInteger: Bool) {
        self.step = step
        self.isInteger = isInteger
    }
}

/// One parameter's distribution, with W&B's names and semantics (reference section 1.4).
public enum Distribution: Sendable, Hashable {
    case constant(JSONValue)
    /// `probabilities` is nil for plain `categorical`, set for `categorical_w_probabilities`.
    case categorical(values: [JSONValue], probabilities: [Double]?)
    case intUniform(min: Int, max: Int)
    case uniform(min: Double, max: Double)
    case qUniform(min: Double, max: Double, q: Quantum)
    /// Deprecated: `min`/`max` are natural-log exponents.
    case logUniform(min: Double, max: Double)
    case logUniformValues(min: Double, max: Double)
    /// Deprecated: `min`/`max` are natural-log exponents.
    case qLogUniform(min: Double, max: Double, q: Quantum)
    case qLogUniformValues(min: Double, max: Double, q: Quantum)
    /// Deprecated: `min`/`max` are exponents of 1/x.
    case invLogUniform(min: Double, max: Double)
    case invLogUniformValues(min: Double, max: Double)
    case normal(mu: Double, sigma: Double)
    case qNormal(mu: Double, sigma: Double, q: Quantum)
    case logNormal(mu: Double, sigma: Double)
    case qLogNormal(mu: Double, sigma: Double, q: Quantum)
    case beta(a: Double, b: Double)
    case qBeta(a: Double, b: Double, q: Quantum)

    /// The `distribution:` value W&B uses for this kind.
    public var wandbName: String {
        switch self {
        case .constant: return "constant"
        case .categorical(_, let p): return p == nil ? "categorical" : "categorical_w_probabilities"
        case .intUniform: return "int_uniform"
        case .uniform: return "uniform"
        case .qUniform: return "q_uniform"
        case .logUniform: return "log_uniform"
        case .logUniformValues: return "log_uniform_values"
        case .qLogUniform: return "q_log_uniform"
        case .qLogUniformValues: return "q_log_uniform_values"
        case .invLogUniform: return "inv_log_uniform"
        case .invLogUniformValues: return "inv_log_uniform_values"
        case .normal: return "normal"
        case .qNormal: return "q_normal"
        case .logNormal: return "log_normal"
        case .qLogNormal: return "q_log_normal"
        case .beta: return "beta"
        case .qBeta: return "q_beta"
        }
    }

    /// Constants are carried into every suggestion but are not searched.
    public var isConstant: Bool {
        if case .constant = self { return true }
        return false
    }
}

/// One leaf of the parameter tree: its path from the top (`["optimizer", "lr"]`) and distribution.
public struct ParameterSpec: Sendable, Hashable {
    public var path: [String]
    public var distribution: Distribution

    public init(path: [String], distribution: Distribution) {
        self.path = path
        self.distribution = distribution
    }

    /// Dotted key path as it appears in messages: `parameters.optimizer.parameters.lr` is `optimizer.lr`.
    public var name: String { path.joined(separator: ".") }
}
