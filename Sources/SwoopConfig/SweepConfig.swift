import SwoopModel

/// The search method named by `method:`.
public enum SearchMethodName: String, Sendable, Hashable, CaseIterable {
    case grid, random, bayes, custom
}

/// Direction of optimization.
public enum Goal: String, Sendable, Hashable {
    case minimize, maximize
}

/// How a failed or crashed run's metric is filled in for bayes (`metric.impute`).
public enum Impute: String, Sendable, Hashable {
    case latest, best, worst
}

/// Whether running runs count as observations for bayes (`metric.impute_while_running`).
public enum ImputeWhileRunning: String, Sendable, Hashable {
    case no = "false"
    case latest, best, worst
}

/// `metric:` (or one entry of `metrics:`), with W&B's defaults filled.
public struct MetricSpec: Sendable, Hashable {
    public var name: String
    public var goal: Goal
    public var target: Double?
    public var impute: Impute
    public var imputeWhileRunning: ImputeWhileRunning

    public init(name: String, goal: Goal = .minimize, target: Double? = nil, impute: Impute = .worst,
                imputeWhileRunning: ImputeWhileRunning = .no) {
        self.name = name
        self.goal = goal
        self.target = target
        self.impute = impute
        self.imputeWhileRunning = imputeWhileRunning
    }
}

/// `early_terminate:` with W&B's hyperband settings; `eta` defaults to 3 and `strict` to true.
public struct EarlyTerminateSpec: Sendable, Hashable {
    public var type: String
    public var minIter: Int?
    public var maxIter: Int?
    public var s: Double?
    public var eta: Double
    public var strict: Bool

    public init(type: String = "hyperband", minIter: Int? = nil, maxIter: Int? = nil, s: Double? = nil,
                eta: Double = 3, strict: Bool = true) {
        self.type = type
        self.minIter = minIter
        self.maxIter = maxIter
        self.s = s
        self.eta = eta
        self.strict = strict
    }
}

/// A validated sweep configuration: every W&B key, defaults filled, parameters as a `SearchSpace`.
public struct SweepConfig: Sendable, Hashable {
    public var method: SearchMethodName
    public var metric: MetricSpec?
    /// Multi-objective metrics (`metrics:`); nil unless given.
    public var metrics: [MetricSpec]?
    public var space: SearchSpace
    public var earlyTerminate: EarlyTerminateSpec?
    public var command: [String]?
    public var program: String?
    public var runCap: Int?
    public var name: String?
    public var description: String?
    public var project: String?
    public var entity: String?
    public var job: String?
    public var imageURI: String?
    /// The launch-only `scheduler:` block as written (num_workers, job, settings, ...).
    public var scheduler: JSONValue?
    /// The launch-only `launch:` block as written (queue, priority, resource, ...).
    public var launch: JSONValue?
    /// The whole configuration as parsed, with defaults filled in; what a server stores.
    public var document: JSONValue
    /// The Optuna pruner of `scheduler.settings.pruner`; nil when none is named.
    public var pruner: PrunerSettings? = nil
    /// `scheduler.settings.sampler` for the built-in scheduler; when set it decides the search, not `method`.
    public var sampler: SamplerSettings?

    public init(method: SearchMethodName, metric: MetricSpec? = nil, metrics: [MetricSpec]? = nil,
                space: SearchSpace, earlyTerminate: EarlyTerminateSpec? = nil, command: [String]? = nil,
                program: String? = nil, runCap: Int? = nil, name: String? = nil, description: String? = nil,
                project: String? = nil, entity: String? = nil, job: String? = nil, imageURI: String? = nil,
                scheduler: JSONValue? = nil, launch: JSONValue? = nil, document: JSONValue = .object([:]),
                sampler: SamplerSettings? = nil) {
        self.method = method
        self.metric = metric
        self.metrics = metrics
        self.space = space
        self.earlyTerminate = earlyTerminate
        self.command = command
        self.program = program
        self.runCap = runCap
        self.name = name
        self.description = description
        self.project = project
        self.entity = entity
        self.job = job
        self.imageURI = imageURI
        self.scheduler = scheduler
        self.launch = launch
        self.document = document
        self.sampler = sampler
    }
}
