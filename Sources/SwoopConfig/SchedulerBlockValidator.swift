import SwoopModel

/// Checks `scheduler:`, which has two shapes: W&B's engine block (has `engine`, section 1.1) and the
/// launch-only block read by `launch-sweep` (section 1.9).
enum SchedulerBlockValidator {
    static let engineKeys = ["engine", "source", "optimizer", "search_space"]
    static let launchKeys = ["job", "num_workers", "docker_image", "resource", "resource_args",
                             "template_variables", "settings"]

    /// True when the block is W&B's engine form.
    static func isEngineForm(_ value: JSONValue) -> Bool { value["engine"] != nil }

    /// A non-empty `scheduler.search_space` string lets `parameters` be left out.
    static func hasSearchSpace(_ value: JSONValue?) -> Bool {
        if case .string(let s)? = value?["search_space"] { return !s.isEmpty }
        return false
    }

    static func validate(_ value: JSONValue, path: String, root: [String: JSONValue], diags: inout DiagnosticCollector) {
        guard let o = diags.mapping(value, path) else { return }
        if isEngineForm(value) {
            validateEngine(o, path: path, root: root, diags: &diags)
        } else {
            validateLaunch(o, path: path, diags: &diags)
        }
    }

    private static func validateEngine(_ o: [String: JSONValue], path: String, root: [String: JSONValue],
                                       diags: inout DiagnosticCollector) {
        func p(_ k: String) -> String { KeyPath.child(path, k) }
        diags.onlyKeys(o, engineKeys, at: path, what: "a scheduler engine block (the launch-only keys \(launchKeys.joined(separator: ", ")) cannot be mixed with `engine`)")
        let engine = o["engine"]!
        switch engine {
        case .string("wandb"): break
        case .string(let s) where ["optuna", "ax"].contains(s):
            diags.error(p("engine"), "scheduler.engine '\(s)' is not supported. supported engines are: wandb")
        default:
            diags.error(p("engine"), "\(PythonRepr.of(engine)) is not one of ['optuna', 'ax', 'wandb']; supported engines are: wandb")
        }
        for key in ["source", "optimizer", "search_space"] {
            if let v = o[key] { _ = diags.string(v, p(key)) }
        }
        for key in ["optimizer", "search_space"] where o[key] != nil && o["source"] == nil {
            diags.error(p(key), "'source' is a required property when scheduler.\(key) is given", atKey: true)
        }
        if case .object(let c)? = root["controller"], c["type"] == .string("local") {
            diags.error("controller.type", "`controller.type: local` cannot be used with `scheduler`: the scheduler engine runs in the cloud controller")
        }
        if root["early_terminate"] != nil {
            diags.error("early_terminate", "`early_terminate` cannot be used with `scheduler`: the scheduler engine does its own stopping", atKey: true)
        }
        if root["method"] == .string("custom") {
            diags.error("method", "`scheduler.engine: wandb` does not support `method: custom`. Use grid, random or bayes.")
        }
    }

    private static func validateLaunch(_ o: [String: JSONValue], path: String, diags: inout DiagnosticCollector) {
        func p(_ k: String) -> String { KeyPath.child(path, k) }
        for key in o.keys.sorted() where !launchKeys.contains(key) {
            if engineKeys.contains(key) {
                diags.error(path, "'engine' is a required property when scheduler.\(key) is given (the engine form is {engine: wandb, source, optimizer, search_space})")
            } else {
                diags.warning(p(key), "unknown key '\(key)' in the launch scheduler block is ignored; known keys: \(launchKeys.joined(separator: ", "))", atKey: true)
            }
        }
        for key in ["job", "docker_image", "resource"] {
            if let v = o[key] { _ = diags.string(v, p(key)) }
        }
        if let v = o["num_workers"], let n = diags.integer(v, p("num_workers")), n < 1 {
            diags.error(p("num_workers"), "expected a positive number of concurrent runs, got \(n)")
        }
        for key in ["resource_args", "template_variables", "settings"] {
            if let v = o[key] { _ = diags.mapping(v, p(key)) }
        }
        if o["resource"] == .string("local-process") {
            if o["job"] != nil {
                // W&B's messages, verbatim (launch-sweep step 9); the default for scheduler jobs is local-container.
                diags.error(p("resource"), "Scheduler jobs cannot be run with the 'local-process' resource")
            } else if o["docker_image"] != nil {
                diags.error(p("resource"), "Scheduler jobs cannot be run with the 'local-process' resource and a docker image")
            }
        }
    }
}
