import SwoopModel

extension ParameterParser {
    /// Reads the keys of one leaf and checks W&B's constraints; nil after reporting any problem.
    func build(_ kind: DistributionKind, _ spec: [String: JSONValue], path: String, label: String,
               diags: inout DiagnosticCollector) -> Distribution? {
        let before = diags.errorCount
        func p(_ key: String) -> String { KeyPath.child(path, key) }
        func num(_ key: String, default def: Double? = nil) -> Double? {
            guard let v = spec[key] else { return def }
            return diags.finiteNumber(v, p(key))
        }
        func quantum() -> Quantum? {
            guard let v = spec["q"] else { return Quantum(step: 1.0, isInteger: false) }
            guard let d = diags.finiteNumber(v, p("q")) else { return nil }
            if d <= 0 {
                diags.error(p("q"), "expected q > 0, got \(PythonRepr.of(v))")
                return nil
            }
            return Quantum(step: d, isInteger: v.isInt)
        }
        func nonNegative(_ key: String, _ value: Double?) {
            if let value, value < 0 {
                diags.error(p(key), "expected \(key) >= 0, got \(PythonRepr.of(spec[key]!)) (parameter '\(label)')")
            }
        }
        /// min and max as numbers with min < max; `positiveMin` for the *_values forms, which take logs.
        func bounds(positiveMin: Bool = false) -> (Double, Double)? {
            let lo = num("min"), hi = num("max")
            guard let lo, let hi else { return nil }
            if lo >= hi {
                diags.error(path, "\(label): min \(PythonRepr.of(spec["min"]!)) is not less than max \(PythonRepr.of(spec["max"]!))")
                return nil
            }
            if positiveMin, lo <= 0 {
                diags.error(p("min"), "\(kind.rawValue) takes the logarithm of its bounds, so min must be greater than 0, got \(PythonRepr.of(spec["min"]!)) (parameter '\(label)')")
                return nil
            }
            return (lo, hi)
        }
        func muSigma() -> (Double, Double)? {
            let mu = num("mu", default: 0), sigma = num("sigma", default: 1)
            nonNegative("sigma", sigma)
            guard let mu, let sigma, sigma >= 0 else { return nil }
            return (mu, sigma)
        }
        func ab() -> (Double, Double)? {
            let a = num("a", default: 1), b = num("b", default: 1)
            nonNegative("a", a)
            nonNegative("b", b)
            guard let a, let b, a >= 0, b >= 0 else { return nil }
            return (a, b)
        }

        let result: Distribution?
        switch kind {
        case .constant:
            result = .constant(spec["value"]!)
        case .categorical:
            result = values(spec["values"]!, path: p("values"), diags: &diags).map { .categorical(values: $0, probabilities: nil) }
        case .categoricalWithProbabilities:
            let vals = values(spec["values"]!, path: p("values"), diags: &diags)
            let probs = probabilities(spec["probabilities"]!, path: p("probabilities"), diags: &diags)
            guard let vals, let probs else { result = nil; break }
            if vals.count != probs.count {
                diags.error(p("probabilities"), "Parameter \(label): values \(PythonRepr.of(spec["values"]!)) and probabilities \(PythonRepr.of(spec["probabilities"]!)) are not the same length")
                result = nil
                break
            }
            let sum = probs.reduce(0, +)
            // numpy.isclose(sum, 1) with its default tolerances, as W&B checks it.
            if !(abs(sum - 1) <= 1e-8 + 1e-5 * 1) {
                diags.error(p("probabilities"), "Parameter \(label): Probabilities \(PythonRepr.of(spec["probabilities"]!)) do not sum to 1")
                result = nil
                break
            }
            result = .categorical(values: vals, probabilities: probs)
        case .intUniform:
            let lo = diags.integer(spec["min"]!, p("min")), hi = diags.integer(spec["max"]!, p("max"))
            guard let lo, let hi else { result = nil; break }
            if lo >= hi {
                diags.error(path, "\(label): min \(lo) is not less than max \(hi)")
                result = nil
            } else {
                result = .intUniform(min: lo, max: hi)
            }
        case .uniform:
            result = bounds().map { .uniform(min: $0.0, max: $0.1) }
        case .qUniform:
            let q = quantum()
            result = bounds().flatMap { b in q.map { .qUniform(min: b.0, max: b.1, q: $0) } }
        case .logUniform:
            result = bounds().map { .logUniform(min: $0.0, max: $0.1) }
        case .invLogUniform:
            result = bounds().map { .invLogUniform(min: $0.0, max: $0.1) }
        case .logUniformValues:
            result = bounds(positiveMin: true).map { .logUniformValues(min: $0.0, max: $0.1) }
        case .invLogUniformValues:
            result = bounds(positiveMin: true).map { .invLogUniformValues(min: $0.0, max: $0.1) }
        case .qLogUniform:
            let q = quantum()
            result = bounds().flatMap { b in q.map { .qLogUniform(min: b.0, max: b.1, q: $0) } }
        case .qLogUniformValues:
            let q = quantum()
            result = bounds(positiveMin: true).flatMap { b in q.map { .qLogUniformValues(min: b.0, max: b.1, q: $0) } }
        case .normal:
            result = muSigma().map { .normal(mu: $0.0, sigma: $0.1) }
        case .logNormal:
            result = muSigma().map { .logNormal(mu: $0.0, sigma: $0.1) }
        case .qNormal:
            let q = quantum()
            result = muSigma().flatMap { m in q.map { .qNormal(mu: m.0, sigma: m.1, q: $0) } }
        case .qLogNormal:
            let q = quantum()
            result = muSigma().flatMap { m in q.map { .qLogNormal(mu: m.0, sigma: m.1, q: $0) } }
        case .beta:
            result = ab().map { .beta(a: $0.0, b: $0.1) }
        case .qBeta:
            let q = quantum()
            result = ab().flatMap { v in q.map { .qBeta(a: v.0, b: v.1, q: $0) } }
        }
        // Unknown keys were reported before; any error about this leaf makes it unusable.
        return diags.errorCount == before ? result : nil
    }

    /// A non-empty list; any JSON values are allowed as categories, lists and mappings included.
    private func values(_ v: JSONValue, path: String, diags: inout DiagnosticCollector) -> [JSONValue]? {
        guard case .array(let a) = v else {
            diags.error(path, "expected a list of values, got \(PythonRepr.described(v))")
            return nil
        }
        if a.isEmpty {
            diags.error(path, "[] should be non-empty: give at least one value (for a fixed value write `value:`)")
            return nil
        }
        return a
    }

    private func probabilities(_ v: JSONValue, path: String, diags: inout DiagnosticCollector) -> [Double]? {
        guard case .array(let a) = v else {
            diags.error(path, "expected a list of probabilities, got \(PythonRepr.described(v))")
            return nil
        }
        var out: [Double] = []
        var ok = true
        for (i, item) in a.enumerated() {
            guard let d = diags.finiteNumber(item, KeyPath.item(path, i)) else { ok = false; continue }
            if d < 0 {
                diags.error(KeyPath.item(path, i), "expected a probability >= 0, got \(PythonRepr.of(item))")
                ok = false
            }
            out.append(d)
        }
        return ok ? out : nil
    }
}
