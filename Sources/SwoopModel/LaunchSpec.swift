import Foundation

/// What a queue item asks an agent to run: W&B's launch spec (reference §4.3) in Swoop's names.
///
/// It is the `spec` of every queue item that `swoop launch`, `swoop launch-sweep` and schedulers
/// enqueue, and what agents decode. A run names what to run with exactly one of `job` and `imageURI`;
/// a scheduler item names neither for the built-in scheduler (the agent starts `swoop scheduler SWEEP_ID`)
/// or the custom scheduler's job.
public struct LaunchSpec: Sendable, Codable, Hashable {
    /// A training run, or a sweep's scheduler (which counts against an agent's `max_schedulers`).
    public enum Kind: String, Sendable, Codable, Hashable { case run, scheduler }

    public var kind: Kind
    /// The job as the user named it (`entity/project/name:alias`), kept for display and logs.
    public var job: String?
    /// The job version the reference resolved to when the item was enqueued: agents run exactly it.
    public var jobID: JobID?
    public var jobVersion: Int?
    /// A pre-built image to run instead of a job (`image_uri` in a sweep configuration).
    public var imageURI: String?
    public var entity: String
    public var project: String
    /// The run the item launches, created (state `queued`) when the item is enqueued.
    public var runID: RunID?
    public var sweepID: SweepID?
    public var name: String?
    public var author: String?
    public var overrides: LaunchOverrides
    /// Resource settings for this item; they win over the queue's config template, key by key.
    public var resourceArgs: JSONValue?
    /// How many times a preempted run was queued again (W&B gives up after 5).
    public var resumeCount: Int
    /// For a git job: the commit, branch or tag to run instead of the version's commit (W&B's `git.version`).
    public var gitVersion: String?

    public init(
        kind: Kind = .run, job: String? = nil, jobID: JobID? = nil, jobVersion: Int? = nil, imageURI: String? = nil,
        entity: String, project: String, runID: RunID? = nil, sweepID: SweepID? = nil, name: String? = nil,
        author: String? = nil, overrides: LaunchOverrides = LaunchOverrides(), resourceArgs: JSONValue? = nil,
        resumeCount: Int = 0, gitVersion: String? = nil
    ) {
        self.kind = kind; self.job = job; self.jobID = jobID; self.jobVersion = jobVersion; self.imageURI = imageURI
        self.entity = entity; self.project = project; self.runID = runID; self.sweepID = sweepID; self.name = name
        self.author = author; self.overrides = overrides; self.resourceArgs = resourceArgs; self.resumeCount = resumeCount
        self.gitVersion = gitVersion
    }

    private enum CodingKeys: String, CodingKey {
        case kind, job, jobID, jobVersion, imageURI, entity, project, runID, sweepID, name, author, overrides, resourceArgs
        case resumeCount, gitVersion
    }

    /// Decodes a spec; `kind`, `overrides` and `resumeCount` may be left out (run, none, 0), so a
    /// hand-written or other-language spec needs only what it means.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        kind = try c.decodeIfPresent(Kind.self, forKey: .kind) ?? .run
        job = try c.decodeIfPresent(String.self, forKey: .job)
        jobID = try c.decodeIfPresent(JobID.self, forKey: .jobID)
        jobVersion = try c.decodeIfPresent(Int.self, forKey: .jobVersion)
        imageURI = try c.decodeIfPresent(String.self, forKey: .imageURI)
        entity = try c.decode(String.self, forKey: .entity)
        project = try c.decode(String.self, forKey: .project)
        runID = try c.decodeIfPresent(RunID.self, forKey: .runID)
        sweepID = try c.decodeIfPresent(SweepID.self, forKey: .sweepID)
        name = try c.decodeIfPresent(String.self, forKey: .name)
        author = try c.decodeIfPresent(String.self, forKey: .author)
        overrides = try c.decodeIfPresent(LaunchOverrides.self, forKey: .overrides) ?? LaunchOverrides()
        resourceArgs = try c.decodeIfPresent(JSONValue.self, forKey: .resourceArgs)
        resumeCount = try c.decodeIfPresent(Int.self, forKey: .resumeCount) ?? 0
        gitVersion = try c.decodeIfPresent(String.self, forKey: .gitVersion)
    }

    /// The spec as the JSON a queue item stores.
    public var json: JSONValue {
        get throws {
            try JSONValueEncoder.encode(self)
        }
    }

    /// Reads a queue item's spec; the error names the field that is missing or of the wrong type.
    public init(json: JSONValue) throws {
        self = try JSONValueDecoder.decode(LaunchSpec.self, from: json)
    }
}

/// What a launch changes about the job's defaults (reference §4.3 `overrides`).
public struct LaunchOverrides: Sendable, Codable, Hashable {
    /// Arguments appended to the entry point.
    public var args: [String]
    /// The run's hyperparameters: `SWOOP_CONFIG`, the config file and the command macros come from it.
    public var runConfig: [String: JSONValue]
    /// A replacement for the job's entry point. It may hold W&B command macros (`${env}`,
    /// `${interpreter}`, `${args}`, `${args_json_file}`, `${envvar:NAME}`, ...): the agent renders them
    /// against `runConfig` where the run starts, so paths and interpreters are the run machine's own.
    public var entryPoint: [String]?

    public init(args: [String] = [], runConfig: [String: JSONValue] = [:], entryPoint: [String]? = nil) {
        self.args = args; self.runConfig = runConfig; self.entryPoint = entryPoint
    }

    private enum CodingKeys: String, CodingKey { case args, runConfig, entryPoint }

    /// Decodes overrides; each part may be left out.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        args = try c.decodeIfPresent([String].self, forKey: .args) ?? []
        runConfig = try c.decodeIfPresent([String: JSONValue].self, forKey: .runConfig) ?? [:]
        entryPoint = try c.decodeIfPresent([String].self, forKey: .entryPoint)
    }
}
