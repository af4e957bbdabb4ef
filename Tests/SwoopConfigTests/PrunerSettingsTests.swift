import SwoopConfig
import SwoopModel
import Testing

/// `scheduler.settings.pruner`: Optuna's pruners, their defaults, and messages that name the key path.
@Suite("Pruner settings")
struct PrunerSettingsTests {
    /// A valid random sweep with a metric and this `scheduler.settings.pruner`.
    static func withPruner(_ pruner: JSONValue, metric: JSONValue? = ["name": "loss"],
                           extra: [String: JSONValue] = [:]) -> ConfigLoadResult {
        var doc: [String: JSONValue] = ["method": "random", "parameters": ["a": ["min": 0.0, "max": 1.0]],
                                        "scheduler": ["settings": ["pruner": pruner]]]
        if let metric { doc["metric"] = metric }
        for (k, v) in extra { doc[k] = v }
        return check(.object(doc))
    }

    static func parsed(_ pruner: JSONValue) -> PrunerSettings? {
        let r = withPruner(pruner)
        #expect(r.isValid, "\(r.diagnostics)")
        return r.config?.pruner
    }

    static let argsPath = "scheduler.settings.pruner.args"

    @Test func noPrunerMeansNil() {
        let r = check(["method": "random", "parameters": ["a": ["value": 1]], "scheduler": ["settings": ["method": "x"]]])
        #expect(r.isValid)
        #expect(r.config?.pruner == nil)
        #expect(check(["method": "random", "parameters": ["a": ["value": 1]]]).config?.pruner == nil)
        let empty = Self.withPruner(.null, metric: nil)
        #expect(empty.isValid, "\(empty.diagnostics)")
        #expect(empty.config?.pruner == nil)
    }

    @Test func optunaDefaultsAreFilled() {
        #expect(Self.parsed(["type": "NopPruner"]) == .nop)
        #expect(Self.parsed(["type": "MedianPruner"])
            == .median(nStartupTrials: 5, nWarmupSteps: 0, intervalSteps: 1, nMinTrials: 1))
        #expect(Self.parsed(["type": "MedianPruner", "args": .null])
            == .median(nStartupTrials: 5, nWarmupSteps: 0, intervalSteps: 1, nMinTrials: 1))
        #expect(Self.parsed(["type": "PercentilePruner", "args": ["percentile": 25]])
            == .percentile(25, nStartupTrials: 5, nWarmupSteps: 0, intervalSteps: 1, nMinTrials: 1))
        #expect(Self.parsed(["type": "SuccessiveHalvingPruner"])
            == .successiveHalving(minResource: .auto, reductionFactor: 4, minEarlyStoppingRate: 0, bootstrapCount: 0))
        #expect(Self.parsed(["type": "HyperbandPruner"])
            == .hyperband(minResource: 1, maxResource: .auto, reductionFactor: 3, bootstrapCount: 0))
        #expect(Self.parsed(["type": "ThresholdPruner", "args": ["upper": 2.5]])
            == .threshold(lower: nil, upper: 2.5, nWarmupSteps: 0, intervalSteps: 1))
        #expect(Self.parsed(["type": "PatientPruner", "args": ["patience": 0]])
            == .patient(wrapped: nil, patience: 0, minDelta: 0))
    }

    @Test func everyArgumentIsRead() {
        #expect(Self.parsed(["type": "MedianPruner", "args": ["n_startup_trials": 0, "n_warmup_steps": 10,
                                                                 "interval_steps": 5, "n_min_trials": 3]])
            == .median(nStartupTrials: 0, nWarmupSteps: 10, intervalSteps: 5, nMinTrials: 3))
        #expect(Self.parsed(["type": "PercentilePruner", "args": ["percentile": 12.5, "n_startup_trials": 2,
                                                                     "n_warmup_steps": 1, "interval_steps": 2, "n_min_trials": 4]])
            == .percentile(12.5, nStartupTrials: 2, nWarmupSteps: 1, intervalSteps: 2, nMinTrials: 4))
        #expect(Self.parsed(["type": "SuccessiveHalvingPruner", "args": ["min_resource": 3, "reduction_factor": 2,
                                                                            "min_early_stopping_rate": 1, "bootstrap_count": 2]])
            == .successiveHalving(minResource: .steps(3), reductionFactor: 2, minEarlyStoppingRate: 1, bootstrapCount: 2))
        #expect(Self.parsed(["type": "SuccessiveHalvingPruner", "args": ["min_resource": "auto"]])
            == .successiveHalving(minResource: .auto, reductionFactor: 4, minEarlyStoppingRate: 0, bootstrapCount: 0))
        #expect(Self.parsed(["type": "HyperbandPruner", "args": ["min_resource": 2, "max_resource": 100,
                                                                    "reduction_factor": 2, "bootstrap_count": 1]])
            == .hyperband(minResource: 2, maxResource: .steps(100), reductionFactor: 2, bootstrapCount: 1))
        #expect(Self.parsed(["type": "ThresholdPruner", "args": ["lower": -1, "upper": 1, "n_warmup_steps": 2,
                                                                    "interval_steps": 3]])
            == .threshold(lower: -1, upper: 1, nWarmupSteps: 2, intervalSteps: 3))
        #expect(Self.parsed(["type": "ThresholdPruner", "args": ["lower": 0.5, "upper": .null]])
            == .threshold(lower: 0.5, upper: nil, nWarmupSteps: 0, intervalSteps: 1))
        #expect(Self.parsed(["type": "ThresholdPruner", "args": ["lower": 2, "upper": 2]])
            == .threshold(lower: 2, upper: 2, nWarmupSteps: 0, intervalSteps: 1))
    }

    @Test func patientWrapsAnyPrunerRecursively() {
        let wrapped = Self.parsed(["type": "PatientPruner", "args": [
            "patience": 3, "min_delta": 0.01,
            "wrapped_pruner": ["type": "PatientPruner", "args": [
                "patience": 1, "wrapped_pruner": ["type": "MedianPruner", "args": ["n_startup_trials": 2]],
            ]],
        ]])
        #expect(wrapped == .patient(
            wrapped: .patient(wrapped: .median(nStartupTrials: 2, nWarmupSteps: 0, intervalSteps: 1, nMinTrials: 1),
                              patience: 1, minDelta: 0),
            patience: 3, minDelta: 0.01))
        #expect(wrapped?.typeName == "PatientPruner")
        #expect(Self.parsed(["type": "PatientPruner", "args": ["patience": 2, "wrapped_pruner": .null]])
            == .patient(wrapped: nil, patience: 2, minDelta: 0))
    }

    /// One error, at `path`, whose message contains every fragment.
    static func expectError(_ pruner: JSONValue, at path: String, _ fragments: String..., metric: JSONValue? = ["name": "loss"],
                            sourceLocation: SourceLocation = #_sourceLocation) {
        let r = withPruner(pruner, metric: metric)
        #expect(!r.isValid, sourceLocation: sourceLocation)
        #expect(r.errors.map(\.keyPath) == [path], "\(r.errors)", sourceLocation: sourceLocation)
        for f in fragments {
            #expect(r.errorMessages.first?.contains(f) == true, "\(r.errorMessages) lacks \(f)", sourceLocation: sourceLocation)
        }
    }

    @Test func typeErrors() {
        let all = "NopPruner, MedianPruner, PercentilePruner, SuccessiveHalvingPruner, HyperbandPruner, ThresholdPruner, PatientPruner"
        Self.expectError(["type": "WilcoxonPruner"], at: "scheduler.settings.pruner.type", "unknown pruner type 'WilcoxonPruner'", all)
        Self.expectError(["type": "median"], at: "scheduler.settings.pruner.type", "did you mean MedianPruner?")
        Self.expectError(["type": "successive_halving_pruner"], at: "scheduler.settings.pruner.type",
                         "did you mean SuccessiveHalvingPruner?")
        Self.expectError(["type": 3], at: "scheduler.settings.pruner.type", "unknown pruner type 3")
        Self.expectError(["args": ["percentile": 3]], at: "scheduler.settings.pruner", "'type' is a required property", all)
        Self.expectError("MedianPruner", at: "scheduler.settings.pruner", "expected a pruner mapping such as {type: MedianPruner")
        Self.expectError(["type": "MedianPruner", "n_startup_trials": 3], at: "scheduler.settings.pruner.n_startup_trials",
                         "unknown key 'n_startup_trials'", "arguments go under `args`", "type, args")
        Self.expectError(["type": "MedianPruner", "args": [1, 2]], at: Self.argsPath, "expected a mapping of MedianPruner's keyword arguments")
    }

    @Test func unknownArgumentsListTheKnownOnes() {
        Self.expectError(["type": "MedianPruner", "args": ["n_startup": 3]], at: "\(Self.argsPath).n_startup",
                         "unknown argument 'n_startup' for MedianPruner",
                         "n_startup_trials, n_warmup_steps, interval_steps, n_min_trials")
        Self.expectError(["type": "NopPruner", "args": ["x": 1]], at: "\(Self.argsPath).x", "NopPruner takes no arguments")
        // Optuna's PercentilePruner has no `min_resource`; the message lists what it has.
        Self.expectError(["type": "PercentilePruner", "args": ["percentile": 5, "min_resource": 1]],
                         at: "\(Self.argsPath).min_resource", "percentile, n_startup_trials")
    }

    @Test func percentileFamilyRanges() {
        Self.expectError(["type": "PercentilePruner"], at: "scheduler.settings.pruner",
                         "'percentile' is a required argument of PercentilePruner")
        Self.expectError(["type": "PercentilePruner", "args": ["n_startup_trials": 1]], at: Self.argsPath,
                         "'percentile' is a required argument")
        Self.expectError(["type": "PercentilePruner", "args": ["percentile": 100.5]], at: "\(Self.argsPath).percentile",
                         "expected a number from 0 to 100, got 100.5")
        Self.expectError(["type": "PercentilePruner", "args": ["percentile": -1]], at: "\(Self.argsPath).percentile", "got -1")
        Self.expectError(["type": "PercentilePruner", "args": ["percentile": "25"]], at: "\(Self.argsPath).percentile",
                         "expected a number", "write it unquoted")
        Self.expectError(["type": "MedianPruner", "args": ["n_startup_trials": -1]], at: "\(Self.argsPath).n_startup_trials",
                         "expected an integer >= 0", "got an integer (-1)")
        Self.expectError(["type": "MedianPruner", "args": ["n_warmup_steps": 2.5]], at: "\(Self.argsPath).n_warmup_steps",
                         "expected an integer >= 0")
        Self.expectError(["type": "MedianPruner", "args": ["interval_steps": 0]], at: "\(Self.argsPath).interval_steps",
                         "expected an integer >= 1")
        Self.expectError(["type": "MedianPruner", "args": ["n_min_trials": 0]], at: "\(Self.argsPath).n_min_trials",
                         "expected an integer >= 1")
        Self.expectError(["type": "MedianPruner", "args": ["n_min_trials": true]], at: "\(Self.argsPath).n_min_trials",
                         "expected an integer >= 1")
        // Every bad argument is reported, not only the first.
        let r = Self.withPruner(["type": "MedianPruner", "args": ["n_startup_trials": -1, "interval_steps": 0]])
        #expect(r.errors.map(\.keyPath).sorted() == ["\(Self.argsPath).interval_steps", "\(Self.argsPath).n_startup_trials"])
    }

    @Test func halvingAndHyperbandRanges() {
        Self.expectError(["type": "SuccessiveHalvingPruner", "args": ["min_resource": "Auto"]], at: "\(Self.argsPath).min_resource",
                         "expected 'auto' or an integer >= 1")
        Self.expectError(["type": "SuccessiveHalvingPruner", "args": ["min_resource": 0]], at: "\(Self.argsPath).min_resource",
                         "expected 'auto' or an integer >= 1")
        Self.expectError(["type": "SuccessiveHalvingPruner", "args": ["reduction_factor": 1]], at: "\(Self.argsPath).reduction_factor",
                         "expected an integer >= 2")
        Self.expectError(["type": "SuccessiveHalvingPruner", "args": ["min_early_stopping_rate": -1]],
                         at: "\(Self.argsPath).min_early_stopping_rate", "expected an integer >= 0")
        Self.expectError(["type": "SuccessiveHalvingPruner", "args": ["bootstrap_count": 2]], at: "\(Self.argsPath).bootstrap_count",
                         "needs an integer min_resource")
        Self.expectError(["type": "HyperbandPruner", "args": ["min_resource": "auto"]], at: "\(Self.argsPath).min_resource",
                         "expected an integer >= 1")
        Self.expectError(["type": "HyperbandPruner", "args": ["min_resource": 10, "max_resource": 9]],
                         at: "\(Self.argsPath).max_resource", "expected max_resource >= min_resource (10), got 9")
        Self.expectError(["type": "HyperbandPruner", "args": ["max_resource": "none"]], at: "\(Self.argsPath).max_resource",
                         "expected 'auto' or an integer >= 1")
        Self.expectError(["type": "HyperbandPruner", "args": ["bootstrap_count": 1]], at: "\(Self.argsPath).bootstrap_count",
                         "needs an integer max_resource")
        Self.expectError(["type": "HyperbandPruner", "args": ["reduction_factor": 1.5]], at: "\(Self.argsPath).reduction_factor",
                         "expected an integer >= 2")
    }

    @Test func thresholdNeedsABoundInOrder() {
        Self.expectError(["type": "ThresholdPruner"], at: "scheduler.settings.pruner", "ThresholdPruner needs lower, upper or both")
        Self.expectError(["type": "ThresholdPruner", "args": ["lower": .null, "n_warmup_steps": 1]], at: Self.argsPath,
                         "Either lower or upper must be specified")
        Self.expectError(["type": "ThresholdPruner", "args": ["lower": 2, "upper": 1]], at: "\(Self.argsPath).lower",
                         "lower (2.0) must not be greater than upper (1.0)")
        Self.expectError(["type": "ThresholdPruner", "args": ["upper": "high"]], at: "\(Self.argsPath).upper", "expected a number")
        Self.expectError(["type": "ThresholdPruner", "args": ["upper": .double(.infinity)]], at: "\(Self.argsPath).upper",
                         "expected a finite number")
    }

    @Test func patientArgumentsAndNestedPaths() {
        Self.expectError(["type": "PatientPruner"], at: "scheduler.settings.pruner", "'patience' is a required argument of PatientPruner")
        Self.expectError(["type": "PatientPruner", "args": ["patience": -1]], at: "\(Self.argsPath).patience", "expected an integer >= 0")
        Self.expectError(["type": "PatientPruner", "args": ["patience": 1, "min_delta": -0.1]], at: "\(Self.argsPath).min_delta",
                         "expected a number >= 0")
        Self.expectError(["type": "PatientPruner", "args": ["patience": 1, "wrapped_pruner": ["type": "Median"]]],
                         at: "\(Self.argsPath).wrapped_pruner.type", "did you mean MedianPruner?")
        Self.expectError(["type": "PatientPruner", "args": ["patience": 1, "wrapped_pruner": "MedianPruner"]],
                         at: "\(Self.argsPath).wrapped_pruner", "expected a pruner mapping")
        Self.expectError(["type": "PatientPruner", "args": ["patience": 1, "wrapped_pruner": [
            "type": "PatientPruner", "args": ["patience": 2, "wrapped_pruner": [
                "type": "PercentilePruner", "args": ["percentile": 101]]]]]],
                         at: "\(Self.argsPath).wrapped_pruner.args.wrapped_pruner.args.percentile", "from 0 to 100")
    }

    @Test func prunerNeedsAMetricAndExcludesEarlyTerminate() {
        Self.expectError(["type": "MedianPruner"], at: "scheduler.settings.pruner", "a pruner needs `metric`", metric: nil)
        let both = Self.withPruner(["type": "MedianPruner"],
                                   extra: ["early_terminate": ["type": "hyperband", "min_iter": 3]])
        #expect(both.errors.map(\.keyPath) == ["scheduler.settings.pruner"])
        #expect(both.errorMessages.first?.contains("cannot both be set: choose one") == true)
    }

    @Test func yamlErrorsCarryTheirLines() {
        let r = load("""
            method: random
            metric: {name: loss, goal: maximize}
            parameters:
              lr: {min: 0.001, max: 0.1}
            scheduler:
              num_workers: 2
              settings:
                pruner:
                  type: PatientPruner
                  args:
                    patience: 2
                    wrapped_pruner:
                      type: PercentilePruner
                      args:
                        percentile: 250
                        n_warmup: 3
            """)
        #expect(r.errors.map(\.keyPath) == ["\(Self.argsPath).wrapped_pruner.args.percentile",
                                            "\(Self.argsPath).wrapped_pruner.args.n_warmup"])
        #expect(r.errors.map(\.line) == [15, 16])
        #expect(r.errors.first?.description.hasPrefix("sweep.yaml:15:") == true)
        #expect(r.errors.first?.description.contains("scheduler.settings.pruner.args.wrapped_pruner.args.percentile: expected a number from 0 to 100, got 250") == true)
    }

    @Test func yamlPrunerIsParsedWithTheRest() throws {
        let r = load("""
            method: bayes
            metric: {name: acc, goal: maximize}
            parameters:
              lr: {min: 0.001, max: 0.1}
            scheduler:
              settings:
                pruner:
                  type: HyperbandPruner
                  args: {min_resource: 1, max_resource: 27, reduction_factor: 3}
            """)
        #expect(r.isValid, "\(r.diagnostics)")
        let config = try #require(r.config)
        #expect(config.pruner == .hyperband(minResource: 1, maxResource: .steps(27), reductionFactor: 3, bootstrapCount: 0))
        #expect(config.earlyTerminate == nil)
    }
}
