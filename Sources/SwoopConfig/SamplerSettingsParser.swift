import SwoopModel

/// Reads `scheduler.settings.sampler: {type, args}` (reference section 5.5) for the built-in
/// scheduler, checking each argument's type and range and the sampler's fit to the sweep.
///
/// With `scheduler.job` the settings belong to that custom scheduler and are left to it.
enum SamplerSettingsParser {
    static let path = "scheduler.settings.sampler"
    /// Optuna samplers Swoop knows by name but does not implement, so the message can say so.
    static let optunaOnly = ["BruteForceSampler", "IntersectionSearchSpace", "MOTPESampler", "NSGAIIISampler",
                             "PartialFixedSampler", "GPSampler"]
    /// Read by the multi-objective samplers in SwoopSearch, which check its arguments themselves.
    static let multiObjectiveOnly = "NSGAIISampler"

    static let tpeArgs = ["n_startup_trials", "n_ei_candidates", "multivariate", "constant_liar", "consider_endpoints",
                          "consider_magic_clip", "prior_weight", "gamma", "seed"]
    static let qmcArgs = ["qmc_type", "scramble", "seed"]
    static let cmaEsArgs = ["sigma0", "n_startup_trials", "restart_strategy", "popsize", "inc_popsize", "seed"]
    static let plainArgs = ["seed"]

    /// The sampler settings of a launch `scheduler:` block, nil when absent, left to a scheduler job,
    /// or wrong (then the errors are in `diags`).
    static func parse(root: [String: JSONValue], method: SearchMethodName?, leaves: [ParsedParameter]?,
                      diags: inout DiagnosticCollector) -> SamplerSettings? {
        guard case .object(let scheduler)? = root["scheduler"], scheduler["engine"] == nil, scheduler["job"] == nil,
              case .object(let settings)? = scheduler["settings"], let value = settings["sampler"],
              // `sampler:` left empty in YAML reads as null: no sampler, like leaving the key out.
              value != .null else { return nil }
        let before = diags.errorCount
        if value["type"] == .string(multiObjectiveOnly) { return nil }
        // With several objectives a model of one objective cannot run at all; the multi-objective
        // mapping says so, naming the objectives, which matters more than its arguments.
        if root["metrics"] != nil, case .string(let t)? = value["type"], SamplerSettings.defaults(for: t)?.needsMetric == true {
            return nil
        }
        guard let sampler = parse(value, path: path, diags: &diags) else { return nil }

        if let method, method != .custom {
            diags.warning("method", "\(path).type \(sampler.typeName) decides the search, so `method: \(method.rawValue)` is not used; write `method: custom` to say so")
        }
        if sampler.needsMetric, root["metric"] == nil {
            diags.error(KeyPath.child(path, "type"), "\(sampler.typeName) needs a `metric` section: add metric: {name: ..., goal: minimize or maximize}")
        }
        if case .grid = sampler, let leaves {
            for leaf in leaves where !MethodRules.gridAllows(leaf.spec.distribution) {
                diags.error(leaf.keyPath, "Parameter \(leaf.spec.name) cannot be searched by \(path).type GridSampler: every parameter must be categorical (without probabilities), constant, int_uniform or q_uniform (found \(leaf.spec.distribution.wandbName))")
            }
        }
        return diags.errorCount == before ? sampler : nil
    }

    static func parse(_ value: JSONValue, path: String, diags: inout DiagnosticCollector) -> SamplerSettings? {
        guard let o = diags.mapping(value, path) else { return nil }
        let before = diags.errorCount
        func p(_ k: String) -> String { KeyPath.child(path, k) }
        diags.onlyKeys(o, ["type", "args"], at: path, what: "the sampler settings {type, args}")
        let supported = SamplerSettings.supportedTypes.joined(separator: ", ")
        guard let t = o["type"] else {
            diags.error(path, "'type' is a required property: write type: one of \(supported)")
            return nil
        }
        guard let type = diags.string(t, p("type")) else { return nil }
        guard let defaults = SamplerSettings.defaults(for: type) else {
            let note = optunaOnly.contains(type) ? " by Swoop (an Optuna sampler Swoop does not implement)" : ""
            diags.error(p("type"), "Optuna pruner/sampler type: \(type) not supported\(note); supported sampler types: \(supported); with several objectives (metrics:) also \(multiObjectiveOnly)")
            return nil
        }
        var args: [String: JSONValue] = [:]
        if let a = o["args"] {
            if a == .null {
                args = [:]
            } else if let m = diags.mapping(a, p("args")) {
                args = m
            } else {
                return nil
            }
        }
        let reader = SamplerArgumentReader(args: args, path: p("args"), type: type)
        let settings: SamplerSettings
        switch defaults {
        case .tpe(var s):
            reader.checkKnown(tpeArgs, diags: &diags)
            if let v = reader.integer("n_startup_trials", atLeast: 0, diags: &diags) { s.nStartupTrials = v }
            if let v = reader.integer("n_ei_candidates", atLeast: 1, diags: &diags) { s.nEICandidates = v }
            if let v = reader.bool("multivariate", diags: &diags) { s.multivariate = v }
            if let v = reader.bool("constant_liar", diags: &diags) { s.constantLiar = v }
            if let v = reader.bool("consider_endpoints", diags: &diags) { s.considerEndpoints = v }
            if let v = reader.bool("consider_magic_clip", diags: &diags) { s.considerMagicClip = v }
            if let v = reader.number("prior_weight", above: 0, atMost: nil, diags: &diags) { s.priorWeight = v }
            if let v = reader.number("gamma", above: 0, atMost: 1, diags: &diags) { s.gamma = v }
            settings = .tpe(s)
        case .qmc(var s):
            reader.checkKnown(qmcArgs, diags: &diags)
            if let v = reader.choice("qmc_type", QMCSettings.Sequence.allCases.map(\.rawValue), diags: &diags) {
                s.qmcType = QMCSettings.Sequence(rawValue: v)!
            }
            if let v = reader.bool("scramble", diags: &diags) { s.scramble = v }
            settings = .qmc(s)
        case .cmaEs(var s):
            reader.checkKnown(cmaEsArgs, diags: &diags)
            if let v = reader.number("sigma0", above: 0, atMost: 1, diags: &diags) { s.sigma0 = v }
            if let v = reader.integer("n_startup_trials", atLeast: 0, diags: &diags) { s.nStartupTrials = v }
            if reader.has("restart_strategy") {
                if args["restart_strategy"] == .null {
                    s.restartStrategy = nil
                } else if let v = reader.choice("restart_strategy", CmaEsSettings.RestartStrategy.allCases.map(\.rawValue),
                                                 diags: &diags) {
                    s.restartStrategy = CmaEsSettings.RestartStrategy(rawValue: v)
                }
            }
            if reader.has("popsize"), args["popsize"] != .null,
               let v = reader.integer("popsize", atLeast: 2, diags: &diags) { s.popsize = v }
            if let v = reader.integer("inc_popsize", atLeast: 1, diags: &diags) { s.incPopsize = v }
            settings = .cmaEs(s)
        case .random, .grid:
            reader.checkKnown(plainArgs, diags: &diags)
            settings = defaults
        }
        if let seed = args["seed"], seed != .null {
            diags.warning(reader.child("seed"), "the sampler's seed is ignored: the study seed decides (swoop optimize --seed, or the sweep's own seed), so every sampler in a sweep is reproducible from one number", atKey: true)
        }
        return diags.errorCount == before ? settings : nil
    }
}
