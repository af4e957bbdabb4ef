import Foundation

/// How an agent runs items: where run folders go, how it stops runs and keeps its leases.
public struct RunSettings: Sendable {
    /// Run folders (`runs/<run id>`) and the code cache (`code/<digest>`).
    public var workDirectory: URL
    /// This `swoop` executable: the built-in scheduler is started as `<it> scheduler SWEEP_ID`.
    public var swoopExecutable: String
    /// The server address runs are given as `SWOOP_BASE_URL`.
    public var baseURL: String
    /// Lease length asked for; the agent renews at a third of it.
    public var leaseSeconds: Int
    /// How often a running run's stop request is checked.
    public var stopPollInterval: Duration
    /// Between SIGTERM and SIGKILL when a run is stopped.
    public var stopGrace: Duration
    /// `${interpreter}`.
    public var interpreter: String
    /// The environment runs inherit (the agent's own, without its `SWOOP_*`).
    public var inheritedEnvironment: [String: String]

    public init(
        workDirectory: URL, swoopExecutable: String, baseURL: String, leaseSeconds: Int = 60, stopPollInterval: Duration = .seconds(1),
        stopGrace: Duration = .seconds(10), interpreter: String = "python",
        inheritedEnvironment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        self.workDirectory = workDirectory; self.swoopExecutable = swoopExecutable; self.baseURL = baseURL
        self.leaseSeconds = leaseSeconds; self.stopPollInterval = stopPollInterval; self.stopGrace = stopGrace
        self.interpreter = interpreter; self.inheritedEnvironment = inheritedEnvironment
    }
}
