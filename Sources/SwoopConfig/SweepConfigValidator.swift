import SwoopModel

/// Validates a parsed document against W&B's sweep schema plus Swoop's up-front checks, and builds
/// the `SweepConfig` when nothing is wrong.
enum SweepConfigValidator {
    static let rootKeys = ["method", "parameters", "metric", "metrics", "early_terminate", "command", "program",
                           "run_cap", "name", "description", "project", "entity", "job", "image_uri", "controller",
                           "scheduler", "apiVersion", "kind", "launch", "settings"]
    static let methods = "['bayes', 'random', 'grid', 'custom']"

    static func validate(_ document: JSONValue, diags: inout DiagnosticCollector) -> SweepConfig? {
        guard case .object(let root) = document else {
            diags.error("", "Sweep config must be parsable as a JSON object. Expected a mapping with keys such as method and parameters, got \(PythonRepr.described(document)).")
            return nil
        }
        var filled = root
        for key in root.keys.sorted() where !rootKeys.contains(key) {
            diags.error(key, "Additional properties are not allowed ('\(PythonRepr.clip(key))' was unexpected); expected one of: \(rootKeys.joined(separator: ", "))", atKey: true)
        }

        var method: SearchMethodName?
        if let m = root["method"] {
            if case .string(let s) = m, let v = SearchMethodName(rawValue: s) { method = v } else {
                diags.error("method", "\(PythonRepr.of(m)) is not one of \(methods)")
            }
        } else {
            diags.error("method", "'method' is a required property: write one of grid, random, bayes, custom")
        }

        if let s = root["scheduler"] {
            SchedulerBlockValidator.validate(s, path: "scheduler", root: root, diags: &diags)
        }
        let searchSpaceGiven = SchedulerBlockValidator.hasSearchSpace(root["scheduler"])

        var params = ParameterParser()
        var spaceUsable = true
        if let p = root["parameters"] {
            if let f = params.parseGroup(p, path: "parameters", prefix: [], depth: 0, diags: &diags) {
                filled["parameters"] = f
            } else { spaceUsable = false }
        } else if !searchSpaceGiven {
            diags.error("parameters", "`parameters` is required unless `scheduler.search_space` is set.")
            spaceUsable = false
        }

        var metric: MetricSpec?
        if let m = root["metric"], let (spec, f) = MetricParser.parse(m, path: "metric", diags: &diags) {
            metric = spec
            filled["metric"] = f
        }
        let metrics = parseMetrics(root, method: method, filled: &filled, diags: &diags)

        var early: EarlyTerminateSpec?
        if let e = root["early_terminate"], let (spec, f) = EarlyTerminateParser.parse(e, path: "early_terminate", diags: &diags) {
            early = spec
            filled["early_terminate"] = f
            if root["metric"] == nil {
                diags.error("early_terminate", "Hyperband stopping requires \"metric\" section: add metric: {name: ..., goal: ...}")
            }
        }

        let command = parseCommand(root["command"], diags: &diags)
        var strings: [String: String] = [:]
        for key in ["program", "name", "description", "project", "entity", "job", "image_uri", "apiVersion"] {
            if let v = root[key], let s = diags.string(v, key) { strings[key] = s }
        }
        let runCap = parseRunCap(root["run_cap"], diags: &diags)
        if let k = root["kind"], k != .string("sweep") {
            diags.error("kind", "\(PythonRepr.of(k)) is not one of ['sweep']")
        }
        if let c = root["controller"], let o = diags.mapping(c, "controller") {
            diags.onlyKeys(o, ["type"], at: "controller", what: "controller")
            if let t = o["type"] {
                if t != .string("local") && t != .string("cloud") {
                    diags.error("controller.type", "\(PythonRepr.of(t)) is not one of ['local', 'cloud']")
                }
            } else {
                diags.error("controller", "'type' is a required property: write type: cloud or type: local")
            }
        }
        if let l = root["launch"] { LaunchBlockValidator.validate(l, path: "launch", diags: &diags) }
        if let s = root["settings"] { _ = diags.mapping(s, "settings") }

        if let method, spaceUsable {
            MethodRules.check(method: method, leaves: params.leaves, hasMetric: root["metric"] != nil,
                              searchSpaceGiven: searchSpaceGiven, diags: &diags)
        }

        guard !diags.hasErrors, let method else { return nil }
        return SweepConfig(method: method, metric: metric, metrics: metrics,
                           space: SearchSpace(parameters: params.leaves.map(\.spec)), earlyTerminate: early,
                           command: command, program: strings["program"], runCap: runCap, name: strings["name"],
                           description: strings["description"], project: strings["project"],
                           entity: strings["entity"], job: strings["job"], imageURI: strings["image_uri"],
                           scheduler: root["scheduler"], launch: root["launch"], document: .object(filled))
    }

    private static func parseMetrics(_ root: [String: JSONValue], method: SearchMethodName?,
                                     filled: inout [String: JSONValue], diags: inout DiagnosticCollector) -> [MetricSpec]? {
        guard let m = root["metrics"] else { return nil }
        if root["metric"] != nil {
            diags.error("metrics", "`metric` and `metrics` cannot both be set: use `metric` for one objective or `metrics` for several", atKey: true)
        }
        if let method, method != .custom {
            diags.error("metrics", "`metrics` requires `method: custom` (got `method: \(method.rawValue)`): several objectives need a custom scheduler", atKey: true)
        }
        guard case .array(let items) = m else {
            diags.error("metrics", "expected a list of at least 2 metrics, got \(PythonRepr.described(m))")
            return nil
        }
        if items.count < 2 {
            diags.error("metrics", "\(PythonRepr.of(m)) is too short: `metrics` needs at least 2 metrics (for one, use `metric`)")
        }
        var out: [MetricSpec] = []
        var filledItems: [JSONValue] = []
        for (i, item) in items.enumerated() {
            if let (spec, f) = MetricParser.parse(item, path: KeyPath.item("metrics", i), diags: &diags) {
                out.append(spec)
                filledItems.append(f)
            }
        }
        filled["metrics"] = .array(filledItems)
        return out
    }

    private static func parseCommand(_ value: JSONValue?, diags: inout DiagnosticCollector) -> [String]? {
        guard let value else { return nil }
        guard case .array(let items) = value else {
            diags.error("command", "expected a list of strings such as [\"${env}\", \"${interpreter}\", \"${program}\", \"${args}\"], got \(PythonRepr.described(value))")
            return nil
        }
        var out: [String] = []
        for (i, item) in items.enumerated() {
            if let s = diags.string(item, KeyPath.item("command", i)) { out.append(s) }
        }
        return out
    }

    private static func parseRunCap(_ value: JSONValue?, diags: inout DiagnosticCollector) -> Int? {
        guard let value else { return nil }
        var n: Int?
        switch value {
        case .int(let i): n = i
        // JSON Schema draft 7 counts 5.0 as an integer, and W&B validates with it.
        case .double(let d) where d.isFinite && d == d.rounded() && abs(d) < 9e15: n = Int(d)
        default:
            diags.error("run_cap", "\(PythonRepr.of(value)) is not of type 'integer': run_cap is the most runs to start, a positive integer")
            return nil
        }
        if let v = n, v <= 0 {
            diags.error("run_cap", "\(PythonRepr.of(value)) is less than or equal to the minimum of 0: run_cap must be positive")
            return nil
        }
        return n
    }
}
