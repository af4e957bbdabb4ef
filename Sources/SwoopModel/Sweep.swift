import Foundation

/// A hyperparameter sweep in a project, run by a scheduler on a queue.
public struct Sweep: Sendable, Codable, Hashable {
    public var id: SweepID
    public var projectID: ProjectID
    public var name: String?
    public var config: JSONValue
    public var state: SweepState
    /// The scheduler's own saved state, opaque to the server.
    public var schedulerState: JSONValue?
    /// Bumped on every save; a save naming an older version is refused, so two schedulers cannot both win.
    public var schedulerStateVersion: Int
    public var queueID: QueueID?
    /// Priority given to the sweep's run items.
    public var priority: Priority
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: SweepID, projectID: ProjectID, name: String?, config: JSONValue, state: SweepState,
        schedulerState: JSONValue?, schedulerStateVersion: Int, queueID: QueueID?, priority: Priority,
        createdAt: Date, updatedAt: Date
    ) {
        self.id = id; self.projectID = projectID; self.name = name; self.config = config; self.state = state
        self.schedulerState = schedulerState; self.schedulerStateVersion = schedulerStateVersion
        self.queueID = queueID; self.priority = priority; self.createdAt = createdAt; self.updatedAt = updatedAt
    }
}
