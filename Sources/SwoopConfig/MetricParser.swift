import SwoopModel

/// Reads `metric:` and the items of `metrics:` (reference section 1.3).
enum MetricParser {
    static let keys = ["name", "goal", "target", "impute", "impute_while_running"]

    /// The metric with W&B's defaults filled, and the filled mapping for the stored document.
    static func parse(_ value: JSONValue, path: String, diags: inout DiagnosticCollector) -> (MetricSpec, JSONValue)? {
        guard let o = diags.mapping(value, path) else { return nil }
        let before = diags.errorCount
        diags.onlyKeys(o, keys, at: path, what: "a metric")
        var name: String?
        if let n = o["name"] {
            name = diags.string(n, KeyPath.child(path, "name"))
            if name == "" { diags.error(KeyPath.child(path, "name"), "expected the name of a logged metric, got an empty string") }
        } else {
            diags.error(path, "'name' is a required property: the metric needs the name of a logged value")
        }
        var goal = Goal.minimize
        if let g = o["goal"] {
            if case .string(let s) = g, let v = Goal(rawValue: s) { goal = v } else {
                diags.error(KeyPath.child(path, "goal"), "\(PythonRepr.of(g)) is not one of ['minimize', 'maximize']")
            }
        }
        var target: Double?
        if let t = o["target"] { target = diags.finiteNumber(t, KeyPath.child(path, "target")) }
        var impute = Impute.worst
        if let i = o["impute"] {
            if case .string(let s) = i, let v = Impute(rawValue: s) { impute = v } else {
                diags.error(KeyPath.child(path, "impute"), "\(PythonRepr.of(i)) is not one of ['latest', 'best', 'worst']")
            }
        }
        var whileRunning = ImputeWhileRunning.no
        if let w = o["impute_while_running"] {
            switch w {
            // YAML's bare `false` is a boolean; W&B's schema wants the string "false". Both mean off.
            case .bool(false): whileRunning = .no
            case .string(let s) where ImputeWhileRunning(rawValue: s) != nil: whileRunning = ImputeWhileRunning(rawValue: s)!
            default:
                diags.error(KeyPath.child(path, "impute_while_running"), "\(PythonRepr.of(w)) is not one of ['latest', 'best', 'worst', 'false']")
            }
        }
        guard let name, diags.errorCount == before else { return nil }
        var filled = o
        filled["goal"] = .string(goal.rawValue)
        filled["impute"] = .string(impute.rawValue)
        filled["impute_while_running"] = .string(whileRunning.rawValue)
        return (MetricSpec(name: name, goal: goal, target: target, impute: impute, imputeWhileRunning: whileRunning),
                .object(filled))
    }
}
