import Foundation

/// What `swoop launch-agent` was asked to do: which queues, how many runs at once, how to shut down.
public struct LaunchAgentOptions: Sendable {
    /// Queue names, in the order first tried (then round-robin).
    public var queues: [String]
    /// The entity owning the queues (nil: the caller's personal entity).
    public var entity: String?
    public var name: String
    /// Runs at once (scheduler items not counted); nil is unlimited.
    public var maxJobs: Int?
    /// Schedulers at once; nil is unlimited.
    public var maxSchedulers: Int?
    /// How long one long-poll lease request waits on the server for an item (an item enqueued meanwhile
    /// is handed over at once); also the longest a drained idle agent takes to exit.
    public var pollWaitSeconds: Int
    /// After SIGTERM/SIGINT, how long running runs may go on before they are stopped and handed back.
    public var drainGrace: Duration

    public init(
        queues: [String], entity: String? = nil, name: String = LaunchAgentOptions.defaultName, maxJobs: Int? = 1,
        maxSchedulers: Int? = 1, pollWaitSeconds: Int = 10, drainGrace: Duration = .seconds(60)
    ) {
        self.queues = queues; self.entity = entity; self.name = name; self.maxJobs = maxJobs
        self.maxSchedulers = maxSchedulers; self.pollWaitSeconds = pollWaitSeconds; self.drainGrace = drainGrace
    }

    /// `<host>-<pid>`: unique enough to tell agents apart in listings.
    public static var defaultName: String {
        "\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)"
    }

    /// A wrong `--max-jobs` / `--max-schedulers` value.
    public struct LimitError: Error, Sendable, CustomStringConvertible, Equatable {
        public var description: String
    }

    /// W&B's reading of `max_jobs` / `max_schedulers` (reference fact 51): `-1` is unlimited (nil), other
    /// negative numbers are an error.
    public static func limit(_ value: Int, name: String) throws(LimitError) -> Int? {
        if value == -1 { return nil }
        guard value >= 0 else { throw LimitError(description: "Invalid value for \(name): \(value). Error: negative value.") }
        return value
    }
}
