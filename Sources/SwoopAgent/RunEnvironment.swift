import Foundation
import SwoopModel

/// The environment a run starts with (DESIGN.md "Run environment"): where the server is, a token
/// limited to this run, which run it is, and its hyperparameters as JSON and as a file.
public struct RunEnvironment: Sendable, Hashable {
    public var baseURL: String
    /// A run token (`POST /runs/{run}/tokens`): it can read and write only this run.
    public var runToken: String
    public var runID: RunID
    public var project: String
    public var entity: String
    public var sweepID: SweepID?
    /// `overrides.runConfig`.
    public var config: [String: JSONValue]
    /// Where the agent writes `configJSON` (`SWOOP_CONFIG_FILE`, also `${args_json_file}`).
    public var configFile: String

    public init(
        baseURL: String, runToken: String, runID: RunID, project: String, entity: String, sweepID: SweepID?,
        config: [String: JSONValue], configFile: String
    ) {
        self.baseURL = baseURL; self.runToken = runToken; self.runID = runID; self.project = project
        self.entity = entity; self.sweepID = sweepID; self.config = config; self.configFile = configFile
    }

    /// The file name of the config JSON inside a run folder.
    public static let configFileName = "swoop-config.json"

    /// `SWOOP_CONFIG` and the file's contents: the hyperparameters as JSON, keys sorted.
    public var configJSON: String { CommandMacros.argsJSON(config) }

    /// The variables Swoop sets for the run.
    public var variables: [String: String] {
        var v = [
            "SWOOP_BASE_URL": baseURL, "SWOOP_API_KEY": runToken, "SWOOP_RUN_ID": runID.rawValue,
            "SWOOP_PROJECT": project, "SWOOP_ENTITY": entity, "SWOOP_CONFIG": configJSON, "SWOOP_CONFIG_FILE": configFile,
        ]
        if let sweepID { v["SWOOP_SWEEP_ID"] = sweepID.rawValue }
        return v
    }

    /// The whole environment of the child: `inherited` (the agent's own) with Swoop's variables laid over
    /// it, and no other `SWOOP_*` of the agent's (its own key and settings must not leak into the run).
    public func merged(over inherited: [String: String]) -> [String: String] {
        var env = inherited.filter { !$0.key.hasPrefix("SWOOP_") }
        for (k, v) in variables { env[k] = v }
        return env
    }
}
