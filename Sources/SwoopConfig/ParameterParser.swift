import SwoopModel

/// Reads the `parameters:` tree: infers each leaf's distribution, fills W&B's defaults and checks
/// every constraint (reference section 1.4).
struct ParameterParser {
    static let namePattern = "^^[A-Za-z_][A-Za-z0-9_.-]*$"
    /// Nested groups deeper than this are surely a mistake, and deeper recursion risks the stack.
    static let maxGroupDepth = 32

    var leaves: [ParsedParameter] = []

    /// Parses a `parameters` mapping; returns it with defaults filled in, or nil if it was unusable.
    mutating func parseGroup(_ value: JSONValue, path: String, prefix: [String], depth: Int,
                             diags: inout DiagnosticCollector) -> JSONValue? {
        guard case .object(let group) = value else {
            diags.error(path, "expected a mapping of parameter names to specifications, got \(PythonRepr.described(value))")
            return nil
        }
        if group.isEmpty {
            diags.error(path, "{} should be non-empty: give at least one parameter")
            return nil
        }
        if depth >= Self.maxGroupDepth {
            diags.error(path, "parameter groups are nested more than \(Self.maxGroupDepth) levels deep")
            return nil
        }
        var filled: [String: JSONValue] = [:]
        for name in group.keys.sorted(by: SearchSpace.keyLess) {
            let specPath = KeyPath.child(path, name)
            if !Self.validName(name) {
                diags.error(specPath, "'\(PythonRepr.clip(name))' does not match '\(Self.namePattern)': a parameter name starts with a letter or _ and has only letters, digits, _ . -", atKey: true)
            }
            if let spec = parseSpec(group[name]!, path: specPath, name: prefix + [name], depth: depth, diags: &diags) {
                filled[name] = spec
            }
        }
        return .object(filled)
    }

    static func validName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first.isASCII,
              first.properties.isAlphabetic || first == "_" else { return false }
        return name.unicodeScalars.allSatisfy { c in
            c.isASCII && (c.properties.isAlphabetic || ("0"..."9").contains(c) || c == "_" || c == "." || c == "-")
        }
    }

    private mutating func parseSpec(_ value: JSONValue, path: String, name: [String], depth: Int,
                                    diags: inout DiagnosticCollector) -> JSONValue? {
        let label = name.joined(separator: ".")
        guard case .object(let spec) = value else {
            diags.error(path, "Invalid configuration for hyperparameter '\(label)': expected a mapping such as {values: [...]} or {min: ..., max: ...}, got \(PythonRepr.described(value))")
            return nil
        }
        guard let kind = resolveKind(spec, path: path, label: label, diags: &diags) else {
            if spec["parameters"] != nil, spec["distribution"] == nil {
                for key in spec.keys.sorted() where key != "parameters" {
                    diags.error(KeyPath.child(path, key), "key '\(key)' cannot be combined with 'parameters': a parameter is either a group of nested parameters or one distribution", atKey: true)
                }
                let nested = parseGroup(spec["parameters"]!, path: KeyPath.child(path, "parameters"), prefix: name,
                                        depth: depth + 1, diags: &diags)
                return nested.map { .object(["parameters": $0]) }
            }
            return nil
        }
        for key in spec.keys.sorted() where !kind.allowed.contains(key) {
            let why = DistributionKind.allKeys.contains(key)
                ? "key '\(key)' is not used by distribution \(kind.rawValue)"
                : "unknown key '\(key)'"
            diags.error(KeyPath.child(path, key), "\(why) (parameter '\(label)' takes: \(kind.allowed.joined(separator: ", ")))", atKey: true)
        }
        var missing = false
        for key in kind.required where spec[key] == nil {
            diags.error(path, "distribution \(kind.rawValue) needs '\(key)' (parameter '\(label)')")
            missing = true
        }
        if missing { return nil }
        guard let distribution = build(kind, spec, path: path, label: label, diags: &diags) else { return nil }
        if let newer = kind.replacement {
            diags.warning(path, "\(label) uses \(kind.rawValue), where min/max specify base-e exponents. Use \(newer.rawValue) to specify limit values.")
        }
        // QUIRK decisions (docs/sweep-config.md): kept as W&B has them, but said out loud.
        if kind == .invLogUniformValues {
            diags.warning(path, "\(label) uses inv_log_uniform_values, which W&B (and Swoop) sample exactly like log_uniform_values: values log-uniform between min and max. Write log_uniform_values to say so.")
        }
        if kind == .qBeta, spec["q"] == nil {
            diags.warning(path, "\(label) uses q_beta with the default q 1, so every value is rounded to 0 or 1; give a smaller q (such as 0.01) for values in between")
        }
        leaves.append(ParsedParameter(spec: ParameterSpec(path: name, distribution: distribution), keyPath: path))
        return .object(Self.filled(spec, kind: kind))
    }

    /// The spec as written plus `distribution` and the defaults W&B's schema fills in.
    static func filled(_ spec: [String: JSONValue], kind: DistributionKind) -> [String: JSONValue] {
        var out = spec
        out["distribution"] = .string(kind.rawValue)
        let defaults: [String: JSONValue] = ["mu": .int(0), "sigma": .int(1), "q": .double(1.0), "a": .int(1), "b": .int(1)]
        for key in kind.optional where out[key] == nil { out[key] = defaults[key] }
        return out
    }

    /// The distribution named or inferred; nil for a nested group (no `distribution`, has
    /// `parameters`) and, after reporting, for anything that matches no form.
    private func resolveKind(_ spec: [String: JSONValue], path: String, label: String,
                             diags: inout DiagnosticCollector) -> DistributionKind? {
        if let d = spec["distribution"] {
            guard case .string(let s) = d, let kind = DistributionKind(rawValue: s) else {
                diags.error(KeyPath.child(path, "distribution"),
                            "\(PythonRepr.of(d)) is not a known distribution; expected one of: \(DistributionKind.namesList)")
                return nil
            }
            if kind == .categorical, spec["probabilities"] != nil {
                diags.error(KeyPath.child(path, "distribution"), "distribution categorical does not take 'probabilities'; omit `distribution` or write categorical_w_probabilities (parameter '\(label)')")
                return nil
            }
            return kind
        }
        if spec["parameters"] != nil { return nil }
        if spec["values"] != nil { return spec["probabilities"] != nil ? .categoricalWithProbabilities : .categorical }
        if spec["value"] != nil { return .constant }
        let lo = spec["min"], hi = spec["max"]
        if lo != nil || hi != nil {
            guard let lo, let hi else {
                diags.error(path, "invalid hyperparameter configuration: \(label): expected both 'min' and 'max', found only '\(lo == nil ? "max" : "min")'")
                return nil
            }
            if case .int = lo, case .int = hi { return .intUniform }
            if lo.number != nil, hi.number != nil {
                if lo.isInt != hi.isInt {
                    diags.warning(path, "Parameter \(label) is ambiguous, please specify bounds as both floats (for a float_uniform distribution) or ints (for an int_uniform distribution). Swoop reads mixed bounds as uniform (floats), as W&B's engine does; W&B's CLI refuses them.")
                }
                return .uniform
            }
            // Wrong types are reported by the uniform reader, key by key.
            return lo.isInt || hi.isInt ? .intUniform : .uniform
        }
        let needsDistribution = ["mu", "sigma", "q", "a", "b"].filter { spec[$0] != nil }
        if !needsDistribution.isEmpty {
            diags.error(path, "invalid hyperparameter configuration: \(label): \(needsDistribution.joined(separator: ", ")) need an explicit `distribution` (normal, log_normal, q_normal, beta, ...)")
        } else if spec.isEmpty {
            diags.error(path, "invalid hyperparameter configuration: \(label): the specification is empty; give values, value, min and max, or parameters")
        } else {
            let keys = spec.keys.sorted().map { "'\($0)'" }.joined(separator: ", ")
            diags.error(path, "invalid hyperparameter configuration: \(label): found \(keys); expected values, value, min and max, distribution, or parameters")
        }
        return nil
    }
}
