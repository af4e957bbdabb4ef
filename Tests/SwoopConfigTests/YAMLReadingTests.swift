import SwoopConfig
import SwoopModel
import Testing

@Suite("YAML and JSON reading")
struct YAMLReadingTests {
    @Test func nestedErrorsCarryLineAndColumn() {
        let text = """
            method: random
            parameters:
              batch: {values: [16, 32]}
              opt:
                parameters:
                  lr:
                    min: 0.5
                    max: 0.1
                  beta:
                    distribution: normal
                    sigma: -2
            command: [python, train.py, 7]
            """
        let r = load(text)
        #expect(r.errors.count == 3)
        let lr = r.errors[0]
        #expect(lr.keyPath == "parameters.opt.parameters.lr")
        #expect(lr.message == "opt.lr: min 0.5 is not less than max 0.1")
        #expect(lr.line == 7)
        let sigma = r.errors[1]
        #expect(sigma.keyPath == "parameters.opt.parameters.beta.sigma")
        #expect((sigma.line, sigma.column) == (11, 16))
        let command = r.errors[2]
        #expect(command.keyPath == "command[2]")
        #expect((command.line, command.column) == (12, 29))
        #expect(command.description == "sweep.yaml:12:29: error: command[2]: expected a string, got an integer (7)")
    }

    @Test func unknownKeysPointAtTheKey() {
        let r = load("method: random\nparameters:\n  lr:\n    min: 0.1\n    max: 0.2\n    log: true\n")
        #expect(r.errors.count == 1)
        #expect(r.errors[0].keyPath == "parameters.lr.log")
        #expect((r.errors[0].line, r.errors[0].column) == (6, 5))
        #expect(r.errors[0].message.hasPrefix("unknown key 'log'"))
    }

    @Test func diagnosticsAreInDocumentOrder() {
        let r = load("run_cap: -1\nmethod: nope\nparameters:\n  a: {values: []}\nprogram: 3\n")
        #expect(r.diagnostics.map(\.line) == [1, 2, 4, 5])
    }

    // QUIRK: PyYAML reads 1e-5 as a string; Swoop (Yams' resolver) reads it as a float.
    @Test func exponentWithoutDotIsAFloat() {
        let r = load("method: random\nparameters:\n  lr: {min: 1e-5, max: 1e-1, distribution: log_uniform_values}\n")
        #expect(r.isValid)
        #expect(r.config?.space.parameters.first?.distribution == .logUniformValues(min: 1e-5, max: 0.1))
        let quoted = load("method: random\nparameters:\n  lr: {min: \"1e-5\", max: 0.1}\n")
        #expect(quoted.errors.count == 1)
        #expect(quoted.errors[0].message.contains("expected a number, got a string ('1e-5')"))
    }

    @Test func scalarsKeepIntsApartFromFloats() {
        let r = load("method: random\nparameters:\n  a: {values: [1, 1.0, 0x10, 0o17, 1_000, yes, no, ~, '3', 2024-01-02, .inf]}\n")
        let values: [JSONValue] = [1, 1.0, 16, 15, 1000, true, false, nil, "3", "2024-01-02", .double(.infinity)]
        #expect(r.config?.space.parameters.first?.distribution == .categorical(values: values, probabilities: nil))
        #expect(load("method: random\nparameters:\n  a: {values: [!!float 1, !!str 2, !!int \"3\"]}\n")
            .config?.space.parameters.first?.distribution == .categorical(values: [1.0, "2", 3], probabilities: nil))
        #expect(!load("method: random\nparameters:\n  a: {values: [!custom 1]}\n").isValid)
    }

    @Test func anchorsAliasesAndMergeKeysWork() {
        let text = """
            method: random
            defaults: &lr {min: 0.001, max: 0.1}
            parameters:
              lr: *lr
              other:
                <<: *lr
                max: 0.5
            """
        let r = load(text)
        #expect(r.errors.map(\.keyPath) == ["defaults"])
        let ok = load(text.replacingOccurrences(of: "defaults: &lr {min: 0.001, max: 0.1}\n", with: "")
            .replacingOccurrences(of: "  lr: *lr", with: "  lr: &lr {min: 0.001, max: 0.1}"))
        #expect(ok.isValid, "\(ok.diagnostics)")
        #expect(ok.config?.space.parameters.map(\.distribution) == [.uniform(min: 0.001, max: 0.1), .uniform(min: 0.001, max: 0.5)])
    }

    @Test func duplicateKeysAreErrorsWithTheirPath() {
        let r = load("method: grid\nparameters:\n  a: {values: [1]}\n  b:\n    parameters:\n      x: {value: 1}\n      x: {value: 2}\n")
        #expect(r.errors.count == 1)
        #expect(r.errors[0].keyPath == "parameters.b.parameters.x")
        #expect(r.errors[0].line == 7)
        #expect(r.errors[0].message.contains("line 6"))
    }

    @Test func multipleDocumentsAreAnError() {
        let r = load("method: grid\n---\nmethod: random\n")
        #expect(r.errors.count == 1)
        #expect(r.errors[0].line == 3)
        #expect(r.errors[0].message.contains("single YAML document"))
        #expect(load("---\nmethod: random\nparameters: {a: {value: 1}}\n...\n").isValid)
    }

    @Test func nonStringKeysAreErrors() {
        for text in ["method: grid\nparameters:\n  1: {values: [1]}\n", "method: grid\ntrue: 1\n", "method: grid\n? [a]\n: 1\n"] {
            let r = load(text)
            #expect(r.errors.count == 1, "\(text)")
            #expect(r.errors[0].message.hasPrefix("a mapping key must be a string"))
        }
    }

    @Test func syntaxErrorsHaveALine() {
        let r = load("method: random\nparameters:\n  a: [1, 2\n")
        #expect(r.errors.count == 1)
        #expect(r.errors[0].line != nil)
        #expect(r.errors[0].message.hasPrefix("not valid YAML"))
    }

    @Test func jsonIsDetectedAndKeepsExactNumbers() {
        let r = load("  {\"method\": \"random\", \"parameters\": {\"a\": {\"min\": 1, \"max\": 3}, \"b\": {\"min\": 1.0, \"max\": 3.0}}}", file: "s.json")
        #expect(r.config?.space.parameters.map(\.distribution) == [.intUniform(min: 1, max: 3), .uniform(min: 1, max: 3)])
        let bad = load("{\"method\": \"random\",, }", file: "s.json")
        #expect(bad.errors.count == 1)
        #expect(bad.errors[0].message.hasPrefix("not valid JSON"))
        #expect(bad.errors[0].line == 1)
        // A YAML flow mapping also starts with `{`.
        #expect(load("{method: random, parameters: {a: {value: 1}}}").isValid)
    }

    @Test func serverDocumentsHaveNoLines() {
        let r = check(["method": "random", "parameters": ["a": ["min": 2, "max": 1]]])
        #expect(r.errors.count == 1)
        #expect(r.errors[0].line == nil)
        #expect(r.errors[0].file == nil)
        #expect(r.errors[0].description == "<config>: error: parameters.a: a: min 2 is not less than max 1")
    }
}
