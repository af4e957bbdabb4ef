import SwoopModel

/// Reads `scheduler.settings.pruner` (`{type, args}`) into `PrunerSettings`. It checks each argument
/// the way Optuna's constructors do, but before the sweep starts and naming the key path, so a bad
/// pruner fails `swoop sweep validate` instead of the scheduler an hour later.
enum PrunerSettingsParser {
    static let path = "scheduler.settings.pruner"
    static let keys = ["type", "args"]
    /// Optuna's keyword arguments per type, in the order of its signatures.
    static let arguments: [String: [String]] = [
        "NopPruner": [],
        "MedianPruner": ["n_startup_trials", "n_warmup_steps", "interval_steps", "n_min_trials"],
        "PercentilePruner": ["percentile", "n_startup_trials", "n_warmup_steps", "interval_steps", "n_min_trials"],
        "SuccessiveHalvingPruner": ["min_resource", "reduction_factor", "min_early_stopping_rate", "bootstrap_count"],
        "HyperbandPruner": ["min_resource", "max_resource", "reduction_factor", "bootstrap_count"],
        "ThresholdPruner": ["lower", "upper", "n_warmup_steps", "interval_steps"],
        "PatientPruner": ["wrapped_pruner", "patience", "min_delta"],
    ]

    /// The configuration's pruner, if the launch scheduler block names one; also checks that it goes
    /// with the rest: it needs `metric`, and it excludes `early_terminate`.
    static func parse(root: [String: JSONValue], diags: inout DiagnosticCollector) -> PrunerSettings? {
        // The engine form has no `settings`; its validator already reports one written there.
        guard case .object(let scheduler)? = root["scheduler"], scheduler["engine"] == nil,
              case .object(let settings)? = scheduler["settings"], let value = settings["pruner"],
              // `pruner:` left empty in YAML reads as null: no pruner, like leaving the key out.
              value != .null else { return nil }
        if root["early_terminate"] != nil {
            diags.error(path, "`scheduler.settings.pruner` and `early_terminate` cannot both be set: choose one (early_terminate for W&B's hyperband, scheduler.settings.pruner for an Optuna pruner)", atKey: true)
        }
        if root["metric"] == nil {
            diags.error(path, "a pruner needs `metric`: it judges the values reported for metric.name in the direction of metric.goal; add metric: {name: ..., goal: minimize or maximize}", atKey: true)
        }
        return parse(value, path: path, diags: &diags)
    }

    /// One `{type, args}` mapping; recursive for `PatientPruner`'s `wrapped_pruner`.
    static func parse(_ value: JSONValue, path: String, diags: inout DiagnosticCollector) -> PrunerSettings? {
        let types = PrunerSettings.typeNames.joined(separator: ", ")
        guard case .object(let o) = value else {
            diags.error(path, "expected a pruner mapping such as {type: MedianPruner, args: {n_startup_trials: 5}}, got \(PythonRepr.described(value))")
            return nil
        }
        let before = diags.errorCount
        diags.onlyKeys(o, keys, at: path, what: "a pruner (its arguments go under `args`)")
        guard let t = o["type"] else {
            diags.error(path, "'type' is a required property: write type: one of \(types)")
            return nil
        }
        guard case .string(let name) = t, let known = arguments[name] else {
            diags.error(KeyPath.child(path, "type"), "unknown pruner type \(PythonRepr.of(t)); expected one of: \(types)\(suggestion(for: t))")
            return nil
        }
        let argsPath = KeyPath.child(path, "args")
        var args: [String: JSONValue] = [:]
        switch o["args"] {
        case nil, .null?: break  // `args:` left empty in YAML reads as null: Optuna's defaults.
        case .object(let m)?: args = m
        case let other?:
            diags.error(argsPath, "expected a mapping of \(name)'s keyword arguments, got \(PythonRepr.described(other))")
            return nil
        }
        for key in args.keys.sorted() where !known.contains(key) {
            let message = known.isEmpty
                ? "\(name) takes no arguments (got '\(PythonRepr.clip(key))')"
                : "unknown argument '\(PythonRepr.clip(key))' for \(name); expected one of: \(known.joined(separator: ", "))"
            diags.error(KeyPath.child(argsPath, key), message, atKey: true)
        }
        // A missing argument points at `args` when written, else at the pruner itself.
        let anchor = o["args"] == nil ? path : argsPath
        let reader = Reader(args: args, path: argsPath, anchor: anchor, owner: name)
        let settings = build(name, reader, diags: &diags)
        return diags.errorCount == before ? settings : nil
    }

    private static func build(_ name: String, _ r: Reader, diags: inout DiagnosticCollector) -> PrunerSettings? {
        switch name {
        case "NopPruner":
            return .nop
        case "MedianPruner", "PercentilePruner":
            var percentile = 50.0
            if name == "PercentilePruner" {
                guard let p = r.required("percentile", "a number from 0 to 100 (the share of trials kept is 100 minus it)", diags: &diags),
                      let v = r.number(p, "percentile", diags: &diags) else { return nil }
                guard (0...100).contains(v) else {
                    diags.error(r.child("percentile"), "expected a number from 0 to 100, got \(PythonRepr.of(p)) (Optuna: Percentile must be between 0 and 100 inclusive)")
                    return nil
                }
                percentile = v
            }
            let startup = r.int("n_startup_trials", 5, min: 0, "completed trials needed before any pruning", diags: &diags)
            let warmup = r.int("n_warmup_steps", 0, min: 0, "steps a trial runs before it may be pruned", diags: &diags)
            let interval = r.int("interval_steps", 1, min: 1, "steps between pruning checks", diags: &diags)
            let minTrials = r.int("n_min_trials", 1, min: 1, "completed trials with a value at the step, needed to judge it", diags: &diags)
            if name == "MedianPruner" {
                return .median(nStartupTrials: startup, nWarmupSteps: warmup, intervalSteps: interval, nMinTrials: minTrials)
            }
            return .percentile(percentile, nStartupTrials: startup, nWarmupSteps: warmup, intervalSteps: interval,
                               nMinTrials: minTrials)
        case "SuccessiveHalvingPruner":
            let minResource = r.resource("min_resource", min: 1, "'auto' or an integer >= 1 (the steps before the first rung)", diags: &diags)
            let factor = r.int("reduction_factor", 4, min: 2, "the factor between rungs; 1/reduction_factor of the trials is promoted", diags: &diags)
            let rate = r.int("min_early_stopping_rate", 0, min: 0, "the first rung is at min_resource * reduction_factor ** min_early_stopping_rate", diags: &diags)
            let bootstrap = r.int("bootstrap_count", 0, min: 0, "trials that must reach a rung before any is promoted", diags: &diags)
            if bootstrap > 0, minResource == .auto {
                diags.error(r.child("bootstrap_count"), "bootstrap_count > 0 needs an integer min_resource, not 'auto' (Optuna: bootstrap_count > 0 and min_resource == 'auto' are mutually incompatible)")
            }
            return .successiveHalving(minResource: minResource, reductionFactor: factor, minEarlyStoppingRate: rate,
                                      bootstrapCount: bootstrap)
        case "HyperbandPruner":
            let minResource = r.int("min_resource", 1, min: 1, "the steps of the most aggressive bracket's first rung", diags: &diags)
            let maxResource = r.resource("max_resource", min: 1, "'auto' or an integer >= 1 (the steps a trial runs at most)", diags: &diags)
            let factor = r.int("reduction_factor", 3, min: 2, "the factor between rungs and between brackets", diags: &diags)
            let bootstrap = r.int("bootstrap_count", 0, min: 0, "trials that must reach a rung before any is promoted", diags: &diags)
            if case .steps(let m) = maxResource, m < minResource {
                // Optuna would make no bracket at all and silently never prune.
                diags.error(r.child("max_resource"), "expected max_resource >= min_resource (\(minResource)), got \(m): there would be no bracket and nothing would ever be pruned")
            }
            if bootstrap > 0, maxResource == .auto {
                diags.error(r.child("bootstrap_count"), "bootstrap_count > 0 needs an integer max_resource, not 'auto' (Optuna: bootstrap_count > 0 and max_resource == 'auto' are mutually incompatible)")
            }
            return .hyperband(minResource: minResource, maxResource: maxResource, reductionFactor: factor,
                              bootstrapCount: bootstrap)
        case "ThresholdPruner":
            let lower = r.bound("lower", diags: &diags)
            let upper = r.bound("upper", diags: &diags)
            let warmup = r.int("n_warmup_steps", 0, min: 0, "steps a trial runs before it may be pruned", diags: &diags)
            let interval = r.int("interval_steps", 1, min: 1, "steps between pruning checks", diags: &diags)
            if r.isNull("lower"), r.isNull("upper") {
                diags.error(r.anchor, "ThresholdPruner needs lower, upper or both: a trial is pruned when its latest value falls below lower or rises above upper (Optuna: Either lower or upper must be specified)", atKey: true)
            }
            if let lower, let upper, lower > upper {
                diags.error(r.child("lower"), "lower (\(PythonRepr.number(lower))) must not be greater than upper (\(PythonRepr.number(upper))) (Optuna: lower should be smaller than upper)")
            }
            return .threshold(lower: lower, upper: upper, nWarmupSteps: warmup, intervalSteps: interval)
        case "PatientPruner":
            let meaning = "steps without improvement tolerated before the trial is judged"
            var patience = 0
            if r.required("patience", "an integer >= 0 (\(meaning))", diags: &diags) != nil {
                patience = r.int("patience", 0, min: 0, meaning, diags: &diags)
            }
            var minDelta = 0.0
            if let v = r.args["min_delta"], let d = r.number(v, "min_delta", diags: &diags) {
                if d < 0 {
                    diags.error(r.child("min_delta"), "expected a number >= 0 (the least change that counts as an improvement), got \(PythonRepr.of(v))")
                } else { minDelta = d }
            }
            var wrapped: PrunerSettings?
            switch r.args["wrapped_pruner"] {
            case nil, .null?: wrapped = nil  // Optuna allows None: prune on patience alone.
            case let w?: wrapped = parse(w, path: r.child("wrapped_pruner"), diags: &diags)
            }
            return .patient(wrapped: wrapped, patience: patience, minDelta: minDelta)
        default:
            return nil
        }
    }

    /// A likely intended type for a near miss such as `median` or `hyperbandpruner`.
    private static func suggestion(for value: JSONValue) -> String {
        guard case .string(let s) = value else { return "" }
        let lowered = s.lowercased().filter { $0 != "_" && $0 != "-" && $0 != " " }
        let hit = PrunerSettings.typeNames.first {
            let t = $0.lowercased()
            return t == lowered || t == lowered + "pruner"
        }
        return hit.map { " (did you mean \($0)?)" } ?? ""
    }

    /// Typed reads of one pruner's `args`, each message naming the argument's key path.
    private struct Reader {
        let args: [String: JSONValue]
        let path: String
        /// Where a missing argument is reported.
        let anchor: String
        let owner: String

        func child(_ key: String) -> String { KeyPath.child(path, key) }

        func isNull(_ key: String) -> Bool {
            switch args[key] {
            case nil, .null?: return true
            default: return false
            }
        }

        func required(_ key: String, _ expected: String, diags: inout DiagnosticCollector) -> JSONValue? {
            if let v = args[key] { return v }
            diags.error(anchor, "'\(key)' is a required argument of \(owner): \(expected)", atKey: true)
            return nil
        }

        func number(_ value: JSONValue, _ key: String, diags: inout DiagnosticCollector) -> Double? {
            diags.finiteNumber(value, child(key))
        }

        /// An integer argument with Optuna's default and lower bound; the default when it is wrong,
        /// so one bad argument does not hide checks of the others.
        func int(_ key: String, _ fallback: Int, min: Int, _ meaning: String, diags: inout DiagnosticCollector) -> Int {
            guard let v = args[key] else { return fallback }
            guard case .int(let i) = v, i >= min else {
                diags.error(child(key), "expected an integer >= \(min) (\(meaning)), got \(PythonRepr.described(v))")
                return fallback
            }
            return i
        }

        func resource(_ key: String, min: Int, _ expected: String, diags: inout DiagnosticCollector) -> PrunerResource {
            switch args[key] {
            case nil, .string("auto")?: return .auto
            case .int(let i)? where i >= min: return .steps(i)
            case let v?:
                diags.error(child(key), "expected \(expected), got \(PythonRepr.described(v))")
                return .auto
            }
        }

        /// `lower`/`upper`: a finite number, or null for "no bound" as in Optuna.
        func bound(_ key: String, diags: inout DiagnosticCollector) -> Double? {
            switch args[key] {
            case nil, .null?: return nil
            case let v?: return diags.finiteNumber(v, child(key))
            }
        }
    }
}
