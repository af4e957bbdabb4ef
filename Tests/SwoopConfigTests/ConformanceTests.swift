import SwoopConfig
import SwoopModel
import Testing

/// Reference section 6, facts 12 and 15–27: W&B's schema behaviour as test data.
@Suite("W&B conformance facts")
struct ConformanceTests {
    // Fact 12: W&B passes the schema and fails at suggestion time; Swoop reports it up front.
    @Test func fact12GridRejectsUniformAndProbabilities() {
        let probs = check(["method": "grid", "parameters": ["a": ["values": [1], "probabilities": [1.0]]]])
        #expect(probs.errors.count == 1)
        #expect(probs.errors.first?.keyPath == "parameters.a")
        #expect(probs.errorMessages.first?.hasPrefix("Parameter a is a disallowed type with grid search. Grid search requires all parameters to be categorical, constant, int_uniform, or q_uniform. Specification of probabilities for categorical parameters is disallowed in grid search") == true)
        let uniform = check(["method": "grid", "parameters": ["a": ["min": 0.0, "max": 1.0]]])
        #expect(uniform.errors.count == 1)
        #expect(uniform.errorMessages.first?.contains("disallowed type with grid search") == true)
        let ok = check(["method": "grid", "parameters": [
            "a": ["values": [1, 2]], "b": ["value": 3], "c": ["min": 1, "max": 3],
            "d": ["distribution": "q_uniform", "min": 0, "max": 10, "q": 2],
        ]])
        #expect(ok.isValid, "\(ok.diagnostics)")
    }

    // Fact 15: type inference and defaults.
    @Test func fact15Inference() {
        #expect(distribution(of: ["min": 0, "max": 1]) == .intUniform(min: 0, max: 1))
        #expect(distribution(of: ["min": 0.0, "max": 1.0]) == .uniform(min: 0, max: 1))
        #expect(distribution(of: ["min": 0.0, "max": 1]) == .uniform(min: 0, max: 1))
        #expect(distribution(of: ["min": 0, "max": 1.0]) == .uniform(min: 0, max: 1))
        #expect(distribution(of: ["values": [1, 2, 3]]) == .categorical(values: [1, 2, 3], probabilities: nil))
        #expect(distribution(of: ["value": "abcd"]) == .constant("abcd"))
        #expect(distribution(of: ["value": nil]) == .constant(.null))
        #expect(distribution(of: ["distribution": "normal"]) == .normal(mu: 0, sigma: 1))
        #expect(distribution(of: ["distribution": "q_normal", "q": 0.1])
            == .qNormal(mu: 0, sigma: 1, q: Quantum(step: 0.1, isInteger: false)))
        #expect(distribution(of: ["distribution": "q_beta"]) == .qBeta(a: 1, b: 1, q: Quantum(step: 1, isInteger: false)))
        #expect(distribution(of: ["distribution": "beta"]) == .beta(a: 1, b: 1))
        #expect(distribution(of: ["values": []]) == nil)
        #expect(distribution(of: ["invalid": 1]) == nil)
        #expect(check(["method": "random", "parameters": ["p": ["values": []]]]).errors.count == 1)
        #expect(check(["method": "random", "parameters": ["p": ["invalid": 1]]]).errors.count == 1)
    }

    @Test func fact15FilledDocument() {
        let r = check(["method": "random", "parameters": [
            "i": ["min": 0, "max": 1], "n": ["distribution": "normal"], "qb": ["distribution": "q_beta"],
        ]])
        let params = r.config?.document["parameters"]
        #expect(params?["i"] == ["distribution": "int_uniform", "min": 0, "max": 1])
        #expect(params?["n"] == ["distribution": "normal", "mu": 0, "sigma": 1])
        #expect(params?["qb"] == ["distribution": "q_beta", "a": 1, "b": 1, "q": 1.0])
    }

    @Test func fact15MixedBoundsWarnAndReadAsUniform() {
        let r = check(["method": "random", "parameters": ["p": ["min": 0, "max": 1.5]]])
        #expect(r.isValid)
        #expect(r.warnings.count == 1)
        #expect(r.warningMessages.first?.hasPrefix("Parameter p is ambiguous, please specify bounds as both floats") == true)
    }

    // Fact 16.
    @Test func fact16IntUniformNeedsIntegers() {
        let bad = check(["method": "random", "parameters": ["p": ["min": 0.0, "max": 1.0, "distribution": "int_uniform"]]])
        #expect(bad.errors.count == 2)
        #expect(Set(bad.errors.map(\.keyPath)) == ["parameters.p.min", "parameters.p.max"])
        let ok = check(["method": "random", "parameters": ["p": ["min": 0, "max": 1, "distribution": "uniform"]]])
        #expect(ok.errors.isEmpty)
        #expect(ok.config?.space.parameters.first?.distribution == .uniform(min: 0, max: 1))
    }

    // Fact 17.
    @Test func fact17MinMustBeLessThanMax() {
        let same = check(["method": "random", "parameters": ["p": ["min": 1, "max": 1]]])
        #expect(same.errorMessages == ["p: min 1 is not less than max 1"])
        #expect(!check(["method": "random", "parameters": ["p": ["max": 3, "min": 5]]]).isValid)
        let floats = check(["method": "random", "parameters": ["p": ["min": 2.5, "max": 0.5]]])
        #expect(floats.errorMessages == ["p: min 2.5 is not less than max 0.5"])
        let nested = check(["method": "random", "parameters": ["o": ["parameters": ["lr": ["min": 1, "max": 1]]]]])
        #expect(nested.errorMessages == ["o.lr: min 1 is not less than max 1"])
        #expect(nested.errors.first?.keyPath == "parameters.o.parameters.lr")
    }

    // Fact 18.
    @Test func fact18Probabilities() {
        let sum = check(["method": "random", "parameters": ["a": ["values": [1, 2], "probabilities": [0.4, 0.4]]]])
        #expect(sum.errorMessages == ["Parameter a: Probabilities [0.4, 0.4] do not sum to 1"])
        #expect(sum.errors.first?.keyPath == "parameters.a.probabilities")
        let length = check(["method": "random", "parameters": ["a": ["values": [1, 2], "probabilities": [1.0]]]])
        #expect(length.errorMessages == ["Parameter a: values [1, 2] and probabilities [1.0] are not the same length"])
        #expect(!check(["method": "random", "parameters": ["a": ["values": [1, 2, 3], "probabilities": [0.1, 0.2, 0.3]]]]).isValid)
        // numpy.isclose tolerance: 1e-8 + 1e-5.
        #expect(check(["method": "random", "parameters": ["a": ["values": [1, 2, 3], "probabilities": [0.333333, 0.333333, 0.333333]]]]).isValid)
        #expect(!check(["method": "random", "parameters": ["a": ["values": [1, 2], "probabilities": [0.5, 0.4999]]]]).isValid)
        #expect(distribution(of: ["values": ["x", "y"], "probabilities": [0.25, 0.75]])
            == .categorical(values: ["x", "y"], probabilities: [0.25, 0.75]))
        let negative = check(["method": "random", "parameters": ["a": ["values": [1, 2], "probabilities": [1.5, -0.5]]]])
        #expect(negative.errors.map(\.keyPath) == ["parameters.a.probabilities[1]"])
        let named = check(["method": "random", "parameters": ["a": ["distribution": "categorical", "values": [1], "probabilities": [1.0]]]])
        #expect(named.errors.count == 1)
    }

    // Fact 19.
    @Test(arguments: [(JSONValue.int(-1), 1), (0, 1), (1, 0), (300, 0), ("1", 1), (5.1, 1), (-0.3, 1), (5.0, 0)])
    func fact19RunCap(value: JSONValue, violations: Int) {
        let r = check(["method": "random", "parameters": ["a": ["value": 1]], "run_cap": value])
        #expect(r.errors.count == violations)
        if value == 0 { #expect(r.errorMessages.first?.hasPrefix("0 is less than or equal to the minimum of 0") == true) }
        if violations == 0 { #expect(r.config?.runCap == value.number.map { Int($0) }) }
    }

    // Fact 20.
    @Test func fact20ParametersRequired() {
        let none = check(["method": "random"])
        #expect(none.errorMessages == ["`parameters` is required unless `scheduler.search_space` is set."])
        let empty = check(["method": "random", "parameters": [:]])
        #expect(empty.errors.count == 1)
        #expect(empty.errorMessages.first?.hasPrefix("{} should be non-empty") == true)
    }

    // Fact 21.
    @Test func fact21EnumPatternAndExtraKeys() {
        let method = check(["method": "foo", "parameters": ["a": ["value": 1]]])
        #expect(method.errorMessages == ["'foo' is not one of ['bayes', 'random', 'grid', 'custom']"])
        let name = check(["method": "random", "parameters": ["1a": ["value": 1]]])
        #expect(name.errors.count == 1)
        #expect(name.errorMessages.first?.hasPrefix("'1a' does not match '^^[A-Za-z_][A-Za-z0-9_.-]*$'") == true)
        let extra = check(["method": "random", "parameters": ["a": ["value": 1]], "foo": 1])
        #expect(extra.errors.count == 1)
        #expect(extra.errors.first?.keyPath == "foo")
        #expect(extra.errorMessages.first?.hasPrefix("Additional properties are not allowed ('foo' was unexpected)") == true)
        let missing = check(["parameters": ["a": ["value": 1]]])
        #expect(missing.errorMessages.first?.hasPrefix("'method' is a required property") == true)
        for key in ["launch", "scheduler", "settings"] {
            #expect(check(["method": "random", "parameters": ["a": ["value": 1]], .init(stringLiteral: key): [:]]).isValid)
        }
    }

    // Fact 22.
    @Test(arguments: [("log_uniform", "log_uniform_values"), ("q_log_uniform", "q_log_uniform_values"),
                      ("inv_log_uniform", "inv_log_uniform_values")])
    func fact22DeprecatedDistributionsWarn(old: String, new: String) {
        let r = check(["method": "random", "parameters": ["a": ["distribution": .string(old), "min": 0, "max": 2]]])
        #expect(r.isValid)
        #expect(r.warningMessages == ["a uses \(old), where min/max specify base-e exponents. Use \(new) to specify limit values."])
    }

    @Test func quirkWarnings() {
        let inv = check(["method": "random", "parameters": ["a": ["distribution": "inv_log_uniform_values", "min": 0.001, "max": 0.1]]])
        #expect(inv.isValid)
        #expect(inv.warningMessages.first?.hasPrefix("a uses inv_log_uniform_values, which W&B (and Swoop) sample exactly like log_uniform_values") == true)
        let qbeta = check(["method": "random", "parameters": ["a": ["distribution": "q_beta"]]])
        #expect(qbeta.isValid)
        #expect(qbeta.warningMessages.first?.contains("rounded to 0 or 1") == true)
        #expect(check(["method": "random", "parameters": ["a": ["distribution": "q_beta", "q": 0.01]]]).warnings.isEmpty)
    }

    // Fact 23 and the other numeric constraints.
    @Test func fact23NegativeSigmaAndOtherBounds() {
        let sigma = check(["method": "random", "parameters": ["a": ["distribution": "normal", "mu": 0.1, "sigma": -0.1]]])
        #expect(sigma.errors.count == 1)
        #expect(sigma.errors.first?.keyPath == "parameters.a.sigma")
        #expect(check(["method": "random", "parameters": ["a": ["distribution": "beta", "a": -1]]]).errors.map(\.keyPath) == ["parameters.a.a"])
        #expect(check(["method": "random", "parameters": ["a": ["distribution": "q_uniform", "min": 0, "max": 1, "q": 0]]]).errors.map(\.keyPath) == ["parameters.a.q"])
        #expect(check(["method": "random", "parameters": ["a": ["distribution": "log_uniform_values", "min": 0, "max": 1]]]).errors.map(\.keyPath) == ["parameters.a.min"])
        #expect(check(["method": "random", "parameters": ["a": ["distribution": "q_log_uniform_values", "min": 1, "max": 256, "q": 8]]]).isValid)
        #expect(distribution(of: ["distribution": "inv_log_uniform_values", "min": 1e-4, "max": 0.1]) == .invLogUniformValues(min: 1e-4, max: 0.1))
    }

    // Fact 24.
    @Test func fact24Hyperband() {
        let base: [String: JSONValue] = ["method": "random", "parameters": ["a": ["values": [1, 2]]], "metric": ["name": "loss"]]
        func with(_ et: JSONValue) -> ConfigLoadResult {
            var d = base
            d["early_terminate"] = et
            return check(.object(d))
        }
        #expect(with(["type": "hyperband"]).errors.count == 1)
        #expect(with(["type": "hyperband", "min_iter": 0]).errors.count == 1)
        #expect(with(["type": "hyperband", "min_iter": 3, "eta": 1]).errors.count == 1)
        let minForm = with(["type": "hyperband", "min_iter": 3])
        #expect(minForm.config?.earlyTerminate == EarlyTerminateSpec(minIter: 3, eta: 3, strict: true))
        #expect(minForm.config?.document["early_terminate"] == ["type": "hyperband", "min_iter": 3, "eta": 3, "strict": true])
        let maxForm = with(["type": "hyperband", "max_iter": 9, "s": 2, "eta": 3])
        #expect(maxForm.config?.earlyTerminate == EarlyTerminateSpec(maxIter: 9, s: 2, eta: 3, strict: true))
        #expect(maxForm.config?.document["early_terminate"]?["strict"] == true)
        let both = with(["type": "hyperband", "max_iter": 27, "s": 2, "min_iter": 3])
        #expect(both.config?.earlyTerminate?.maxIter == 27)
        #expect(both.config?.earlyTerminate?.minIter == nil)
        #expect(both.warnings.count == 1)
        #expect(with(["type": "hyperband", "min_iter": 3, "extra": 1]).errors.map(\.keyPath) == ["early_terminate.extra"])
        let noBands = with(["type": "hyperband", "max_iter": 2, "s": 2, "eta": 3])
        #expect(noBands.errorMessages.first?.hasPrefix("Bands must be an array of length at least 1. Try increasing s, decreasing eta, or increasing min_iter.") == true)
        var noMetric = base
        noMetric["metric"] = nil
        noMetric["early_terminate"] = ["type": "hyperband", "min_iter": 3]
        #expect(check(.object(noMetric)).errorMessages.first?.hasPrefix("Hyperband stopping requires \"metric\" section") == true)
        #expect(with(["type": "hyperband", "max_iter": 81, "s": 3]).isValid)
    }

    // Fact 25.
    @Test func fact25MetricDefaultsAndEnums() {
        let ok = check(["method": "bayes", "parameters": ["a": ["min": 0.0, "max": 1.0]], "metric": ["name": "x"]])
        #expect(ok.config?.metric == MetricSpec(name: "x", goal: .minimize, impute: .worst, imputeWhileRunning: .no))
        #expect(ok.config?.document["metric"] == ["name": "x", "goal": "minimize", "impute": "worst", "impute_while_running": "false"])
        let bad = check(["method": "bayes", "parameters": ["a": ["min": 0.0, "max": 1.0]],
                         "metric": ["name": "x", "goal": "minimise", "impute": "bad"]])
        #expect(bad.errorMessages.contains("'minimise' is not one of ['minimize', 'maximize']"))
        #expect(bad.errors.count == 2)
        let full = check(["method": "random", "parameters": ["a": ["value": 1]],
                          "metric": ["name": "acc", "goal": "maximize", "target": 0.9, "impute": "best", "impute_while_running": "latest"]])
        #expect(full.config?.metric == MetricSpec(name: "acc", goal: .maximize, target: 0.9, impute: .best, imputeWhileRunning: .latest))
        #expect(!check(["method": "random", "parameters": ["a": ["value": 1]], "metric": ["goal": "maximize"]]).isValid)
    }

    // Fact 26.
    @Test func fact26MultiObjective() {
        let params: JSONValue = ["a": ["values": [1, 2]]]
        let two: JSONValue = [["name": "a"], ["name": "b", "goal": "maximize"]]
        let ok = check(["method": "custom", "parameters": params, "metrics": two])
        #expect(ok.isValid)
        #expect(ok.config?.metrics?.map(\.goal) == [.minimize, .maximize])
        let bayes = check(["method": "bayes", "parameters": params, "metrics": two, "metric": ["name": "a"]])
        #expect(bayes.errorMessages.contains { $0.contains("method: custom") })
        #expect(bayes.errorMessages.contains { $0.contains("cannot both be set") })
        #expect(!check(["method": "custom", "parameters": params, "metrics": [["name": "a"]]]).isValid)
        #expect(check(["method": "custom", "parameters": params, "metrics": two, "metric": ["name": "a"]])
            .errorMessages.contains { $0.contains("cannot both be set") })
    }

    // Fact 27.
    @Test func fact27SchedulerEngineBlock() {
        let params: JSONValue = ["a": ["min": 0.0, "max": 1.0]]
        let metric: JSONValue = ["name": "loss"]
        #expect(check(["method": "bayes", "parameters": params, "metric": metric, "scheduler": ["engine": "wandb"]]).isValid)
        for engine: JSONValue in ["optuna", "ax", "other", 3] {
            #expect(!check(["method": "bayes", "parameters": params, "metric": metric, "scheduler": ["engine": engine]]).isValid)
        }
        #expect(check(["method": "random", "parameters": params, "scheduler": ["engine": "optuna"]]).errorMessages
            == ["scheduler.engine 'optuna' is not supported. supported engines are: wandb"])
        #expect(!check(["method": "random", "parameters": params, "scheduler": ["engine": "wandb", "optimizer": "tpe"]]).isValid)
        #expect(check(["method": "random", "parameters": params, "metric": metric, "scheduler": ["engine": "wandb"],
                       "early_terminate": ["type": "hyperband", "min_iter": 3]]).errorMessages.contains { $0.contains("early_terminate") })
        #expect(check(["method": "random", "parameters": params, "scheduler": ["engine": "wandb"], "controller": ["type": "local"]])
            .errorMessages.contains { $0.contains("controller") })
        #expect(check(["method": "random", "parameters": params, "scheduler": ["engine": "wandb"], "controller": ["type": "cloud"]]).isValid)
        #expect(check(["method": "custom", "parameters": params, "scheduler": ["engine": "wandb"]])
            .errorMessages.contains { $0.contains("method: custom") })
        let noParams = check(["method": "random", "scheduler": ["engine": "wandb", "source": "s", "search_space": "space.py"]])
        #expect(noParams.isValid, "\(noParams.diagnostics)")
        #expect(noParams.config?.space.parameters.isEmpty == true)
        #expect(!check(["method": "random", "scheduler": ["engine": "wandb", "source": "s", "search_space": ""]]).isValid)
    }
}
