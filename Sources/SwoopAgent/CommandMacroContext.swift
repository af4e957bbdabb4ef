import SwoopModel

/// What W&B's command macros expand to for one run: its hyperparameters and the machine's choices.
public struct CommandMacroContext: Sendable, Hashable {
    /// The run's hyperparameters (`overrides.runConfig`), by name.
    public var args: [String: JSONValue]
    /// `${program}`: the training script (a job version's `metadata.program`); nothing when absent.
    public var program: String?
    /// `${interpreter}`: `python` as in W&B.
    public var interpreter: String
    /// `${env}`: `/usr/bin/env` as in W&B.
    public var envCommand: String
    /// `${args_json_file}`: where the agent wrote the hyperparameters as JSON (`SWOOP_CONFIG_FILE`).
    public var argsJSONFile: String?
    /// `${envvar:NAME}` reads these (the run's environment, or the agent's).
    public var environment: [String: String]

    public init(
        args: [String: JSONValue], program: String? = nil, interpreter: String = "python", envCommand: String = "/usr/bin/env",
        argsJSONFile: String? = nil, environment: [String: String] = [:]
    ) {
        self.args = args; self.program = program; self.interpreter = interpreter; self.envCommand = envCommand
        self.argsJSONFile = argsJSONFile; self.environment = environment
    }
}
