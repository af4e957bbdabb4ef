import SwoopConfig
import SwoopModel

/// What the loop needs from a sweep's configuration and this life's settings, resolved once.
public struct SweepPlan: Sendable, Hashable {
    /// W&B's built-in scheduler keeps 8 runs in flight unless `scheduler.num_workers` says otherwise.
    public static let defaultNumWorkers = 8
    /// Finished runs without the metric, while no run ever reported it, before the sweep fails.
    public static let runsWithoutMetricLimit = 3
    /// Runs that failed or crashed, while none finished, before the sweep fails (W&B agents stop
    /// after 5 failures in a row at the start).
    public static let initialFailureLimit = 5

    public var numWorkers: Int
    public var runCap: Int?
    public var metric: MetricSpec?
    public var metrics: [MetricSpec]?
    /// `launch.priority`, nil for the sweep's own.
    public var priority: Priority?

    public init(numWorkers: Int = SweepPlan.defaultNumWorkers, runCap: Int? = nil, metric: MetricSpec? = nil,
                metrics: [MetricSpec]? = nil, priority: Priority? = nil) {
        self.numWorkers = numWorkers; self.runCap = runCap; self.metric = metric; self.metrics = metrics; self.priority = priority
    }

    /// The plan for a configuration; `settings` (this life's blocks from launch-sweep) win over the stored ones.
    public init(config: SweepConfig, settings: LifeSettings) {
        let scheduler = settings.scheduler ?? config.scheduler
        let launch = settings.launch ?? config.launch
        var workers = Self.defaultNumWorkers
        if case .int(let n)? = scheduler?["num_workers"], n > 0 { workers = n }
        self.init(numWorkers: workers, runCap: config.runCap, metric: config.metric, metrics: config.metrics,
                  priority: launch?["priority"].flatMap(Self.priority))
    }

    /// `launch.priority` as W&B writes it: 0–3 or a level name.
    public static func priority(_ v: JSONValue) -> Priority? {
        switch v {
        case .int(let i): return Priority(rawValue: i)
        case .string(let s): return Priority(name: s)
        default: return nil
        }
    }
}
