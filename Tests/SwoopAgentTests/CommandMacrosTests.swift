import SwoopModel
import Testing
@testable import SwoopAgent

/// W&B's command macros, exactly as the reference's conformance facts 47 and 48 state them.
@Suite struct CommandMacrosTests {
    let args: [String: JSONValue] = ["a": true, "b": false, "c": 1, "d": nil]

    func expand(_ macro: String) -> [String] {
        CommandMacros.expand([macro], CommandMacroContext(args: args))
    }

    @Test func fact47ArgumentMacros() {
        #expect(expand("${args}") == ["--a=True", "--b=False", "--c=1", "--d=None"])
        #expect(expand("${args_no_hyphens}") == ["a=True", "b=False", "c=1", "d=None"])
        #expect(expand("${args_no_boolean_flags}") == ["--a", "--c=1", "--d=None"])
        #expect(expand("${args_json}") == [#"{"a": true, "b": false, "c": 1, "d": null}"#])
        #expect(expand("${args_append_hydra}") == ["+a=True", "+b=False", "+c=1", "+d=None"])
        #expect(expand("${args_override_hydra}") == ["++a=True", "++b=False", "++c=1", "++d=None"])
        #expect(expand("${args_no_equals}") == ["--a", "True", "--b", "False", "--c", "1", "--d", "None"])
    }

    @Test func fact48EnvironmentVariables() {
        let env = ["FOO_DIR": "foo_dir", "FOO_DIR_TWO": "foo_dir_two", "FOO_VAR": "foo_var"]
        let context = CommandMacroContext(args: [:], environment: env)
        let token = "fake/path/${envvar:FOO_DIR}/${envvar:FOO_DIR}/${envvar:FOO_DIR_TWO}"
        #expect(CommandMacros.expand([token], context) == ["fake/path/foo_dir/foo_dir/foo_dir_two"])
        // `${env}` and `${interpreter}` are whole-token macros, not environment variables.
        #expect(CommandMacros.substituteEnvVars("${env}", env) == "${env}")
        #expect(CommandMacros.substituteEnvVars("${interpreter}", env) == "${interpreter}")
        // An unset variable leaves its bare name.
        #expect(CommandMacros.substituteEnvVars("x${envvar:NOPE}y", env) == "xNOPEy")
    }

    @Test func noCommandMeansTheDefaultCommand() {
        let context = CommandMacroContext(args: ["lr": 0.01], program: "train.py")
        #expect(CommandMacros.expand([], context) == ["/usr/bin/env", "python", "train.py", "--lr=0.01"])
    }

    @Test func wholeTokenRuleAndUnknownMacros() {
        let context = CommandMacroContext(args: ["lr": 0.01], argsJSONFile: "/run/swoop-config.json")
        #expect(CommandMacros.expand(["python", "--lr=${lr}", "${nope}", "${args_json_file}"], context)
            == ["python", "--lr=${lr}", "/run/swoop-config.json"])
        // No program known: `${program}` expands to nothing, like any macro without a value.
        #expect(CommandMacros.expand(["${program}"], context) == [])
        // An unterminated envvar stays literally.
        #expect(CommandMacros.expand(["${envvar:X"], context) == ["${envvar:X"])
    }

    @Test func macrosRenderValuesAsPythonsStr() {
        #expect(CommandMacros.expand(["${args}"], CommandMacroContext(args: ["layers": [64, 32]])) == ["--layers=[64, 32]"])
        #expect(CommandMacros.expand(["${args}"], CommandMacroContext(args: ["lr": 1e-5, "on": true])) == ["--lr=1e-05", "--on=True"])
    }

    @Test func resourceConfigMacros() {
        let spec = LaunchSpec(entity: "team", project: "vision", name: "run-a", author: "ann")
        let values = ResourceConfigMacros.values(for: spec, runID: "r1", imageURI: "img:1")
        let config: JSONValue = [
            "name": "job-${project_name}-${run_id}", "labels": ["${entity_name}", "${author}", "${run_name}", "${image_uri}"],
            "home": "${HOME_DIR}", "left": "${unknown_thing}", "n": 3,
        ]
        let out = ResourceConfigMacros.apply(config, values: values, environment: ["HOME_DIR": "/h"])
        #expect(out == [
            "name": "job-vision-r1", "labels": ["team", "ann", "run-a", "img:1"], "home": "/h", "left": "${unknown_thing}", "n": 3,
        ])
        #expect(ResourceConfigMacros.merged(["a": 1, "o": ["x": 1, "y": 2]], ["o": ["y": 3], "b": 2]) == ["a": 1, "b": 2, "o": ["x": 1, "y": 3]])
    }
}
