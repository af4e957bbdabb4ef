import SwoopConfig
import SwoopModel

/// The decisions of `swoop launch-sweep` (reference 5.2), without I/O: messages, the queue, the
/// keys a resume may not change, how a resume merges blocks, and the scheduler item's spec.
public enum LaunchSweepRules {
    public static let noEntity = "Must specify entity when using launch"
    public static let noProject = "A project must be configured when using launch"
    public static let noConfig = "'config' and/or 'resume_id' required"
    public static let noQueue = "Launch-sweeps require setting a 'queue', use --queue option or a 'queue' key in the 'launch' section in the config"
    public static let ignoredOnResume = "Sweep parameters loaded from resumed sweep, ignoring provided config"
    /// Keys of the stored configuration a resume may not change (W&B reuses the stored config).
    public static let frozenKeys = ["parameters", "method", "job", "image_uri"]

    /// The queue: the flag, else `launch.queue` (of this life, then the stored one on a resume).
    public static func queue(flag: String?, launch: JSONValue?, storedLaunch: JSONValue? = nil) -> String? {
        flag ?? launch?["queue"]?.stringValue ?? storedLaunch?["queue"]?.stringValue
    }

    /// Exactly one of `job` and `image_uri`, with W&B's messages.
    public static func checkExecutable(_ config: SweepConfig) throws(SchedulerError) {
        if config.job == nil && config.imageURI == nil { throw SchedulerError(SchedulerError.noJob) }
        if config.job != nil && config.imageURI != nil { throw SchedulerError(SchedulerError.bothJobAndImage) }
        _ = try RunSpecBuilder.entryPoint(command: config.command, program: config.program)
    }

    /// Frozen keys whose value differs between the stored and the provided configuration, and whether
    /// any other sweep key differs (W&B ignores those, with `ignoredOnResume`).
    public static func resumeDifferences(stored: JSONValue, provided: JSONValue) -> (frozen: [String], ignored: Bool) {
        let s = stored.objectValue ?? [:], p = provided.objectValue ?? [:]
        let frozen = frozenKeys.filter { s[$0] != p[$0] }
        let scheduler = (s["scheduler"]?["job"], p["scheduler"]?["job"])
        let all = frozen + (scheduler.0 != scheduler.1 ? ["scheduler.job"] : [])
        let others = Set(s.keys).union(p.keys).subtracting(frozenKeys + ["scheduler", "launch"])
        return (all, others.contains { s[$0] != p[$0] })
    }

    /// A block of a resumed sweep: the earlier values, with every key the new one gives replaced
    /// (new values win; W&B's `dict.update(prev)` lets the old ones win, a QUIRK we do not copy).
    public static func merged(old: JSONValue?, new: JSONValue?) -> JSONValue? {
        guard let new else { return old }
        guard var o = old?.objectValue, let n = new.objectValue else { return new }
        for (k, v) in n { o[k] = v }
        return .object(o)
    }

    /// The scheduler item: the built-in scheduler names no job (the agent starts `swoop scheduler
    /// SWEEP_ID`); a custom one (`scheduler.job`) is that job, resolved. Its run config carries the
    /// blocks and the sweep's coordinates, as W&B's does (`sweep_args`), for schedulers in any language.
    public static func schedulerSpec(
        sweep: SweepID, entity: String, project: String, queue: String, scheduler: JSONValue?, launch: JSONValue?,
        job: JobVersion?, author: String?
    ) -> LaunchSpec {
        var runConfig: [String: JSONValue] = [
            "sweep_args": .object([
                "sweep_id": .string(sweep.rawValue), "queue": .string(queue), "project": .string(project), "entity": .string(entity),
            ]),
        ]
        if let scheduler { runConfig["scheduler"] = scheduler }
        if let launch { runConfig["launch"] = launch }
        if let settings = scheduler?["settings"] { runConfig["settings"] = settings }
        return LaunchSpec(kind: .scheduler, job: scheduler?["job"]?.stringValue, jobID: job?.jobID, jobVersion: job?.version,
                          entity: entity, project: project, sweepID: sweep, name: "Scheduler.\(sweep)", author: author,
                          overrides: LaunchOverrides(runConfig: runConfig),
                          resourceArgs: scheduler?["resource_args"])
    }

    /// The scheduler state a launch-sweep writes: an existing state with this life's settings
    /// replaced (other keys untouched: a custom scheduler's state stays its own).
    public static func stateWithSettings(_ state: JSONValue?, _ settings: LifeSettings) throws -> JSONValue {
        var o = state?.objectValue ?? [:]
        o["settings"] = try settings.json
        return .object(o)
    }

    /// The settings saved so far in a sweep's scheduler state, if any.
    public static func settings(in state: JSONValue?) -> LifeSettings {
        guard let s = state?["settings"], let decoded = try? LifeSettings.decode(s) else { return LifeSettings() }
        return decoded
    }
}
