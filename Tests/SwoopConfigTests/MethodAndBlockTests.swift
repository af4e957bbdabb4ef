import SwoopConfig
import SwoopModel
import Testing

@Suite("Method rules and the other blocks")
struct MethodAndBlockTests {
    let uniform: JSONValue = ["min": 0.0, "max": 1.0]

    @Test func bayesNeedsAMetric() {
        let r = check(["method": "bayes", "parameters": ["a": uniform]])
        #expect(r.errors.count == 1)
        #expect(r.errors[0].keyPath == "metric")
        #expect(r.errorMessages[0].hasPrefix("Bayesian search requires \"metric\" section"))
    }

    @Test func bayesNeedsASearchableParameter() {
        let r = check(["method": "bayes", "metric": ["name": "loss"], "parameters": ["a": ["value": 1], "b": ["parameters": ["c": ["value": 2]]]]])
        #expect(r.errorMessages.count == 1)
        #expect(r.errorMessages[0].hasPrefix("Need at least one searchable parameter for bayes search."))
    }

    @Test func bayesRefusesCategoricalProbabilities() {
        let r = check(["method": "bayes", "metric": ["name": "loss"], "parameters": ["a": uniform, "c": ["values": [1, 2], "probabilities": [0.5, 0.5]]]])
        #expect(r.errors.map(\.keyPath) == ["parameters.c"])
        #expect(check(["method": "random", "parameters": ["c": ["values": [1, 2], "probabilities": [0.5, 0.5]]]]).isValid)
    }

    @Test func nestedGridParametersAreCheckedToo() {
        let r = check(["method": "grid", "parameters": ["o": ["parameters": ["lr": uniform, "n": ["values": [1]]]]]])
        #expect(r.errors.map(\.keyPath) == ["parameters.o.parameters.lr"])
        #expect(r.errorMessages[0].hasPrefix("Parameter o.lr is a disallowed type with grid search."))
    }

    @Test func nestedGroupsFlattenInWandbOrder() {
        let r = check(["method": "grid", "parameters": [
            "z": ["values": [1, 2]],
            "p": ["parameters": ["y": ["values": ["u", "v"]], "x": ["value": 0]]],
        ]])
        #expect(r.config?.space.parameters.map(\.name) == ["p.x", "p.y", "z"])
        #expect(r.config?.document["parameters"]?["p"]?["parameters"]?["x"] == ["distribution": "constant", "value": 0])
        #expect(!check(["method": "grid", "parameters": ["p": ["parameters": [:]]]]).isValid)
        #expect(check(["method": "grid", "parameters": ["p": ["parameters": ["a": ["value": 1]], "values": [1]]]]).errors.map(\.keyPath) == ["parameters.p.values"])
    }

    @Test func parameterSpecMustBeAMapping() {
        let r = check(["method": "random", "parameters": ["a": [1, 2]]])
        #expect(r.errorMessages.first?.hasPrefix("Invalid configuration for hyperparameter 'a'") == true)
        #expect(check(["method": "random", "parameters": ["a": ["min": 1]]]).errorMessages.first?.contains("both 'min' and 'max'") == true)
        #expect(check(["method": "random", "parameters": ["a": ["mu": 1]]]).errorMessages.first?.contains("explicit `distribution`") == true)
        #expect(check(["method": "random", "parameters": ["a": ["distribution": "gaussian"]]]).errors.map(\.keyPath) == ["parameters.a.distribution"])
        #expect(check(["method": "random", "parameters": ["a": ["distribution": "q_uniform", "min": 0]]]).errorMessages.first?.contains("needs 'max'") == true)
        #expect(check(["method": "random", "parameters": ["a": ["values": [1], "min": 0]]]).errors.map(\.keyPath) == ["parameters.a.min"])
        #expect(check(["method": "random", "parameters": ["a": ["min": true, "max": 2]]]).errors.map(\.keyPath) == ["parameters.a.min"])
    }

    @Test func quantizationKeepsIntegerSteps() {
        #expect(distribution(of: ["distribution": "q_uniform", "min": 0, "max": 10, "q": 2])
            == .qUniform(min: 0, max: 10, q: Quantum(step: 2, isInteger: true)))
        #expect(distribution(of: ["distribution": "q_uniform", "min": 0, "max": 10])
            == .qUniform(min: 0, max: 10, q: Quantum(step: 1, isInteger: false)))
        #expect(distribution(of: ["distribution": "q_log_normal", "mu": 1, "sigma": 2, "q": 0.5])
            == .qLogNormal(mu: 1, sigma: 2, q: Quantum(step: 0.5, isInteger: false)))
    }

    @Test func topLevelFieldsAreCarried() {
        let r = check([
            "method": "random", "parameters": ["a": ["value": 1]], "program": "train.py", "name": "n", "description": "d",
            "project": "p", "entity": "e", "job": "e/p/j:latest", "image_uri": "img", "apiVersion": "v1", "kind": "sweep",
            "command": ["${env}", "python", "${program}", "${args}"], "run_cap": 10, "controller": ["type": "cloud"],
            "settings": ["x": 1],
        ])
        #expect(r.isValid, "\(r.diagnostics)")
        let c = r.config
        #expect(c?.program == "train.py")
        #expect(c?.command == ["${env}", "python", "${program}", "${args}"])
        #expect(c?.runCap == 10)
        #expect([c?.name, c?.description, c?.project, c?.entity, c?.job, c?.imageURI] == ["n", "d", "p", "e", "e/p/j:latest", "img"])
        #expect(c?.document["program"] == "train.py")
        #expect(check(["method": "random", "parameters": ["a": ["value": 1]], "kind": "run"]).errors.map(\.keyPath) == ["kind"])
        #expect(check(["method": "random", "parameters": ["a": ["value": 1]], "controller": ["type": "x"]]).errors.map(\.keyPath) == ["controller.type"])
        #expect(check(["method": "random", "parameters": ["a": ["value": 1]], "controller": [:]]).errors.map(\.keyPath) == ["controller"])
        #expect(check(["method": "random", "parameters": ["a": ["value": 1]], "command": "python train.py"]).errors.map(\.keyPath) == ["command"])
        #expect(check(["method": "random", "parameters": ["a": ["value": 1]], "program": ["x"]]).errors.map(\.keyPath) == ["program"])
    }

    @Test func launchSchedulerBlock() {
        let base: [String: JSONValue] = ["method": "random", "parameters": ["a": ["value": 1]]]
        func with(_ s: JSONValue) -> ConfigLoadResult {
            var d = base
            d["scheduler"] = s
            return check(.object(d))
        }
        let ok = with(["job": "wandb/sweep-jobs/job-optuna-sweep-scheduler:latest", "num_workers": 4, "resource": "local-container",
                       "resource_args": ["x": 1], "template_variables": [:], "settings": ["pruner": "median"], "docker_image": "img"])
        #expect(ok.isValid, "\(ok.diagnostics)")
        #expect(ok.config?.scheduler?["num_workers"] == 4)
        #expect(with(["num_workers": 0]).errors.map(\.keyPath) == ["scheduler.num_workers"])
        #expect(with(["num_workers": 2.5]).errors.map(\.keyPath) == ["scheduler.num_workers"])
        #expect(with(["job": "j", "resource": "local-process"]).errors.map(\.keyPath) == ["scheduler.resource"])
        #expect(with(["settings": "x"]).errors.map(\.keyPath) == ["scheduler.settings"])
        #expect(with(["search_space": "s"]).errorMessages.first?.contains("'engine' is a required property") == true)
        let unknown = with(["num_worker": 3])
        #expect(unknown.isValid)
        #expect(unknown.warnings.map(\.keyPath) == ["scheduler.num_worker"])
        #expect(with(["engine": "wandb", "num_workers": 3]).errors.map(\.keyPath) == ["scheduler.num_workers"])
    }

    @Test func launchBlock() {
        let base: [String: JSONValue] = ["method": "random", "parameters": ["a": ["value": 1]]]
        func with(_ l: JSONValue) -> ConfigLoadResult {
            var d = base
            d["launch"] = l
            return check(.object(d))
        }
        for p: JSONValue in [0, 3, "critical", "high", "medium", "low"] {
            #expect(with(["queue": "q", "priority": p]).isValid)
        }
        for p: JSONValue in [4, -1, "urgent", 1.0] {
            #expect(with(["priority": p]).errors.map(\.keyPath) == ["launch.priority"])
        }
        let ok = with(["queue": "gpu", "resource": "kubernetes", "registry": ["url": "r"], "overrides": ["args": []], "entry_point": ["x"]])
        #expect(ok.isValid, "\(ok.diagnostics)")
        #expect(ok.config?.launch?["queue"] == "gpu")
        #expect(with(["queue": 3]).errors.map(\.keyPath) == ["launch.queue"])
        #expect(with(["registry": ["url": 1]]).errors.map(\.keyPath) == ["launch.registry.url"])
        let both = with(["resource_args": ["a": 1], "template_variables": ["b": 2]])
        #expect(both.isValid)
        #expect(both.warnings.map(\.keyPath) == ["launch.resource_args"])
        #expect(with("q").errors.map(\.keyPath) == ["launch"])
    }

    @Test func imputeWhileRunningAcceptsYAMLFalse() {
        let r = load("method: bayes\nmetric: {name: loss, impute_while_running: false}\nparameters:\n  a: {min: 0.0, max: 1.0}\n")
        #expect(r.isValid)
        #expect(r.config?.metric?.imputeWhileRunning == ImputeWhileRunning.no)
    }
}
