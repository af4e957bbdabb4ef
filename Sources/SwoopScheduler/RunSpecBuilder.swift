import SwoopConfig
import SwoopModel

/// Builds the launch spec of every run the scheduler enqueues (W&B's `_add_to_launch_queue`): the
/// sweep's job or image, the hyperparameters as `overrides.runConfig`, and the sweep `command` as
/// the entry point with `${program}` filled in. Every other macro (`${args}`, `${interpreter}`,
/// `${envvar:...}`, ...) is left for the agent to render where the run starts.
public struct RunSpecBuilder: Sendable, Hashable {
    /// What every run of the sweep shares; `spec(for:)` adds the trial's name and hyperparameters.
    public var base: LaunchSpec

    /// The W&B message for `${program}` without `program`.
    public static let missingProgram = "Program macro in command has no corresponding 'program' in sweep config."

    /// Errors (a message naming the key) when the configuration cannot make runs.
    public init(config: SweepConfig, settings: LifeSettings, entity: String, project: String, sweepID: SweepID) throws(SchedulerError) {
        guard (config.job == nil) != (config.imageURI == nil) else {
            throw SchedulerError(config.job == nil ? SchedulerError.noJob : SchedulerError.bothJobAndImage)
        }
        let launch = settings.launch ?? config.launch
        base = LaunchSpec(
            kind: .run, job: config.job, jobID: settings.jobID, jobVersion: settings.jobVersion, imageURI: config.imageURI,
            entity: entity, project: project, sweepID: sweepID,
            overrides: LaunchOverrides(entryPoint: try Self.entryPoint(command: config.command, program: config.program)),
            resourceArgs: launch?["template_variables"] == nil ? launch?["resource_args"] : nil)
    }

    /// The sweep `command` with `${program}` replaced; nil (the job's own entry point) without one.
    public static func entryPoint(command: [String]?, program: String?) throws(SchedulerError) -> [String]? {
        guard let command, !command.isEmpty else { return nil }
        var out: [String] = []
        for token in command {
            if token == "${program}" {
                guard let program else { throw SchedulerError(missingProgram) }
                out.append(program)
            } else {
                out.append(token)
            }
        }
        return out
    }

    /// The spec of one trial's run; the server fills in the run id when it creates the run.
    public func spec(for record: TrialRecord) -> LaunchSpec {
        var spec = base
        spec.name = record.name
        spec.overrides.runConfig = record.config.objectValue ?? [:]
        return spec
    }
}
