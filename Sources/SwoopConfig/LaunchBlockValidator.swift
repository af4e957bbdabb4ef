import SwoopModel

/// Checks the launch-only `launch:` block (reference section 1.10); other launch-spec keys pass through.
enum LaunchBlockValidator {
    static let priorities = ["critical": 0, "high": 1, "medium": 2, "low": 3]

    static func validate(_ value: JSONValue, path: String, diags: inout DiagnosticCollector) {
        guard let o = diags.mapping(value, path) else { return }
        func p(_ k: String) -> String { KeyPath.child(path, k) }
        for key in ["queue", "resource"] {
            if let v = o[key] { _ = diags.string(v, p(key)) }
        }
        for key in ["resource_args", "template_variables", "overrides"] {
            if let v = o[key] { _ = diags.mapping(v, p(key)) }
        }
        if let v = o["registry"], let r = diags.mapping(v, p("registry")), let url = r["url"] {
            _ = diags.string(url, KeyPath.child(p("registry"), "url"))
        }
        if let v = o["priority"] {
            switch v {
            case .int(let i) where (0...3).contains(i): break
            case .string(let s) where priorities[s] != nil: break
            default:
                diags.error(p("priority"), "expected a priority 0–3 or one of critical, high, medium, low, got \(PythonRepr.described(v))")
            }
        }
        if o["resource_args"] != nil, o["template_variables"] != nil {
            diags.warning(p("resource_args"), "resource_args is dropped when template_variables is given (as W&B does)", atKey: true)
        }
    }
}
