import Foundation

/// One unit of work on a queue: a launch spec for a run, or a sweep's scheduler.
public struct QueueItem: Sendable, Codable, Hashable {
    public var id: QueueItemID
    public var queueID: QueueID
    /// The launch spec (job, overrides, resource args); opaque to the store.
    public var spec: JSONValue
    public var priority: Priority
    public var state: QueueItemState
    public var leaseOwner: AgentID?
    public var leaseDeadline: Date?
    /// How many times the item was leased; an agent may give up on items retried too often.
    public var attempts: Int
    public var runID: RunID?
    public var sweepID: SweepID?
    /// Scheduler items count against an agent's `max_schedulers`, not `max_jobs`.
    public var isScheduler: Bool
    public var errorMessage: String?
    public var enqueuedAt: Date
    public var updatedAt: Date

    public init(
        id: QueueItemID, queueID: QueueID, spec: JSONValue, priority: Priority, state: QueueItemState,
        leaseOwner: AgentID?, leaseDeadline: Date?, attempts: Int, runID: RunID?, sweepID: SweepID?,
        isScheduler: Bool, errorMessage: String?, enqueuedAt: Date, updatedAt: Date
    ) {
        self.id = id; self.queueID = queueID; self.spec = spec; self.priority = priority; self.state = state
        self.leaseOwner = leaseOwner; self.leaseDeadline = leaseDeadline; self.attempts = attempts
        self.runID = runID; self.sweepID = sweepID; self.isScheduler = isScheduler
        self.errorMessage = errorMessage; self.enqueuedAt = enqueuedAt; self.updatedAt = updatedAt
    }
}
