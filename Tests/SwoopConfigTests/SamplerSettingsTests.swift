import SwoopConfig
import SwoopModel
import Testing

@Suite("scheduler.settings.sampler")
struct SamplerSettingsTests {
    let params: JSONValue = ["x": ["min": 0.0, "max": 1.0], "n": ["values": [1, 2, 3]]]
    let metric: JSONValue = ["name": "loss", "goal": "minimize"]

    func config(method: String = "custom", sampler: JSONValue, metric: JSONValue? = ["name": "loss"],
                params: JSONValue? = nil) -> ConfigLoadResult {
        var doc: [String: JSONValue] = ["method": .string(method), "parameters": params ?? self.params,
                                        "scheduler": ["settings": ["sampler": sampler]]]
        if let metric { doc["metric"] = metric }
        return check(.object(doc))
    }

    @Test func defaultsFollowOptuna() {
        let r = config(sampler: ["type": "TPESampler"])
        #expect(r.isValid, "\(r.diagnostics)")
        #expect(r.warnings.isEmpty)
        guard case .tpe(let s)? = r.config?.sampler else {
            Issue.record("expected TPE settings, got \(String(describing: r.config?.sampler))")
            return
        }
        #expect(s == TPESettings(nStartupTrials: 10, nEICandidates: 24, multivariate: true, constantLiar: true,
                                 considerEndpoints: false, considerMagicClip: true, priorWeight: 1, gamma: 0.1))
        #expect([0, 1, 10, 11, 100, 249, 250, 251, 1000].map(s.goodCount(of:)) == [0, 1, 1, 2, 10, 25, 25, 25, 25])
    }

    @Test func everyTypeParsesWithItsArguments() {
        let tpe = config(sampler: ["type": "TPESampler", "args": ["n_startup_trials": 5, "n_ei_candidates": 48,
                                                                  "multivariate": false, "constant_liar": false,
                                                                  "consider_endpoints": true, "prior_weight": 2,
                                                                  "gamma": 0.25]])
        #expect(tpe.config?.sampler == .tpe(TPESettings(nStartupTrials: 5, nEICandidates: 48, multivariate: false,
                                                        constantLiar: false, considerEndpoints: true, priorWeight: 2,
                                                        gamma: 0.25)))
        #expect(config(sampler: ["type": "QMCSampler", "args": ["qmc_type": "halton", "scramble": false]]).config?.sampler
            == .qmc(QMCSettings(qmcType: .halton, scramble: false)))
        #expect(config(sampler: ["type": "CmaEsSampler", "args": ["sigma0": 0.3, "n_startup_trials": 4,
                                                                  "restart_strategy": "ipop", "popsize": 12,
                                                                  "inc_popsize": 3]]).config?.sampler
            == .cmaEs(CmaEsSettings(sigma0: 0.3, nStartupTrials: 4, restartStrategy: .ipop, popsize: 12, incPopsize: 3)))
        #expect(config(sampler: ["type": "RandomSampler"], metric: nil).config?.sampler == .random)
        #expect(config(sampler: ["type": "GridSampler", "args": [:]], metric: nil, params: ["n": ["values": [1, 2]]]).config?.sampler == .grid)
    }

    @Test func unknownTypeListsTheSupportedOnes() {
        let r = load("""
            method: custom
            metric: {name: loss}
            parameters:
              x: {min: 0.0, max: 1.0}
            scheduler:
              settings:
                sampler:
                  type: SkoptSampler
            """)
        #expect(r.errors.count == 1)
        #expect(r.errors.first?.keyPath == "scheduler.settings.sampler.type")
        #expect(r.errors.first?.line == 8)
        #expect(r.errorMessages.first == "Optuna pruner/sampler type: SkoptSampler not supported; supported sampler types: TPESampler, RandomSampler, GridSampler, QMCSampler, CmaEsSampler; with several objectives (metrics:) also NSGAIISampler")
        let brute = config(sampler: ["type": "BruteForceSampler"])
        #expect(brute.errorMessages.first?.contains("an Optuna sampler Swoop does not implement") == true)
        // NSGA-II's arguments are the multi-objective samplers' to check.
        #expect(config(sampler: ["type": "NSGAIISampler", "args": ["population_size": 4]]).config?.sampler == nil)
        #expect(config(sampler: ["args": [:]]).errors.map(\.keyPath) == ["scheduler.settings.sampler"])
        #expect(config(sampler: "TPESampler").errorMessages.first?.hasPrefix("expected a mapping") == true)
    }

    @Test func unknownArgumentNamesItsKeyAndLine() {
        let r = load("""
            method: custom
            metric: {name: loss}
            parameters:
              x: {min: 0.0, max: 1.0}
            scheduler:
              settings:
                sampler:
                  type: TPESampler
                  args:
                    n_startup_trials: 3
                    n_ei_candidate: 10
            """)
        #expect(r.errors.map(\.keyPath) == ["scheduler.settings.sampler.args.n_ei_candidate"])
        #expect(r.errors.first?.line == 11)
        #expect(r.errorMessages.first == "unknown argument 'n_ei_candidate' for TPESampler; known arguments: n_startup_trials, n_ei_candidates, multivariate, constant_liar, consider_endpoints, consider_magic_clip, prior_weight, gamma, seed")
        #expect(config(sampler: ["type": "QMCSampler", "args": ["sigma0": 1]]).errorMessages.first?.contains("known arguments: qmc_type, scramble, seed") == true)
        #expect(config(sampler: ["type": "TPE", "foo": 1]).errors.map(\.keyPath).contains("scheduler.settings.sampler.foo"))
    }

    @Test func badArgumentValuesSayWhatWasExpected() {
        let cases: [(JSONValue, String, String)] = [
            (["type": "TPESampler", "args": ["n_startup_trials": "ten"]], "args.n_startup_trials", "expected an integer, got a string"),
            (["type": "TPESampler", "args": ["n_startup_trials": -1]], "args.n_startup_trials", "expected an integer of at least 0, got -1"),
            (["type": "TPESampler", "args": ["n_ei_candidates": 0]], "args.n_ei_candidates", "expected an integer of at least 1, got 0"),
            (["type": "TPESampler", "args": ["multivariate": "yes"]], "args.multivariate", "expected true or false"),
            (["type": "TPESampler", "args": ["gamma": 1.5]], "args.gamma", "expected a number greater than 0 and at most 1, got 1.5"),
            (["type": "TPESampler", "args": ["prior_weight": 0]], "args.prior_weight", "expected a number greater than 0, got 0"),
            (["type": "QMCSampler", "args": ["qmc_type": "lhs"]], "args.qmc_type", "expected one of sobol, halton, got 'lhs'"),
            (["type": "CmaEsSampler", "args": ["restart_strategy": "bipop"]], "args.restart_strategy", "expected one of ipop, got 'bipop'"),
            (["type": "CmaEsSampler", "args": ["popsize": 1]], "args.popsize", "expected an integer of at least 2, got 1"),
            (["type": "CmaEsSampler", "args": ["sigma0": 0]], "args.sigma0", "greater than 0 and at most 1"),
            (["type": "TPESampler", "args": [1, 2]], "args", "expected a mapping"),
        ]
        for (sampler, key, message) in cases {
            let r = config(sampler: sampler)
            #expect(r.errors.map(\.keyPath) == ["scheduler.settings.sampler." + key], "\(sampler)")
            #expect(r.errorMessages.first?.contains(message) == true, "\(r.errorMessages)")
            #expect(r.config == nil)
        }
    }

    @Test func seedIsReadButTheStudySeedWins() {
        let r = config(sampler: ["type": "TPESampler", "args": ["seed": 42]])
        #expect(r.isValid)
        #expect(r.warnings.map(\.keyPath) == ["scheduler.settings.sampler.args.seed"])
        #expect(r.warningMessages.first?.contains("ignored") == true)
    }

    @Test func methodOtherThanCustomIsWarnedAbout() {
        let r = config(method: "random", sampler: ["type": "QMCSampler"])
        #expect(r.isValid)
        #expect(r.warnings.map(\.keyPath) == ["method"])
        #expect(r.warningMessages.first == "scheduler.settings.sampler.type QMCSampler decides the search, so `method: random` is not used; write `method: custom` to say so")
        // W&B's own rules for the written method still apply, and `method: tpe` stays unknown.
        #expect(check(["method": "tpe", "parameters": params]).errorMessages == ["'tpe' is not one of ['bayes', 'random', 'grid', 'custom']"])
    }

    @Test func modelBasedSamplersNeedAMetric() {
        for type in ["TPESampler", "CmaEsSampler"] {
            let r = config(sampler: ["type": .string(type)], metric: nil)
            #expect(r.errors.map(\.keyPath) == ["scheduler.settings.sampler.type"])
            #expect(r.errorMessages.first?.hasPrefix("\(type) needs a `metric` section") == true)
        }
        #expect(config(sampler: ["type": "QMCSampler"], metric: nil).isValid)
        // With several objectives the search mapping refuses them, naming the objectives.
        let several = check(["method": "custom", "parameters": params, "metrics": [["name": "a"], ["name": "b"]],
                             "scheduler": ["settings": ["sampler": ["type": "TPESampler"]]]])
        #expect(several.isValid)
    }

    @Test func gridSamplerNeedsADiscreteSpace() {
        let r = config(sampler: ["type": "GridSampler"])
        #expect(r.errors.map(\.keyPath) == ["parameters.x"])
        #expect(r.errorMessages.first?.contains("cannot be searched by scheduler.settings.sampler.type GridSampler") == true)
        #expect(config(sampler: ["type": "GridSampler"], params: ["k": ["min": 1, "max": 3], "n": ["values": [1, 2]]]).isValid)
    }

    @Test func aSchedulerJobKeepsItsOwnSettings() {
        let r = check(["method": "custom", "parameters": params,
                       "scheduler": ["job": "wandb/sweep-jobs/job-optuna-sweep-scheduler:latest",
                                     "settings": ["sampler": ["type": "NSGAIISampler"]]]])
        #expect(r.isValid, "\(r.diagnostics)")
        #expect(r.config?.sampler == nil)
        #expect(check(["method": "random", "parameters": params]).config?.sampler == nil)
        let empty = load("method: random\nparameters:\n  x: {min: 0.0, max: 1.0}\nscheduler:\n  settings:\n    sampler:\n")
        #expect(empty.isValid && empty.warnings.isEmpty && empty.config?.sampler == nil)
    }
}
