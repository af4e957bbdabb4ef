import Foundation

/// One training run: its hyperparameters, state and latest summary.
public struct Run: Sendable, Codable, Hashable {
    public var id: RunID
    public var projectID: ProjectID
    public var sweepID: SweepID?
    public var name: String?
    public var config: JSONValue
    public var state: RunState
    public var summary: JSONValue
    public var exitCode: Int?
    public var errorMessage: String?
    /// Position in its sweep's change order; schedulers pass the largest one seen as their next cursor.
    public var changeCursor: Int64
    /// Bytes of log text stored so far: the offset the next log chunk must start at.
    public var logSize: Int64
    public var createdAt: Date
    public var updatedAt: Date
    public var startedAt: Date?
    public var endedAt: Date?
    /// Set when someone (early termination, a cancelled sweep, a person) asked the run to stop; the agent
    /// running it sees this and stops the process, then reports `stopped`.
    public var stopRequestedAt: Date?

    public init(
        id: RunID, projectID: ProjectID, sweepID: SweepID?, name: String?, config: JSONValue, state: RunState,
        summary: JSONValue, exitCode: Int?, errorMessage: String?, changeCursor: Int64, logSize: Int64,
        createdAt: Date, updatedAt: Date, startedAt: Date?, endedAt: Date?, stopRequestedAt: Date? = nil
    ) {
        self.id = id; self.projectID = projectID; self.sweepID = sweepID; self.name = name; self.config = config
        self.state = state; self.summary = summary; self.exitCode = exitCode; self.errorMessage = errorMessage
        self.changeCursor = changeCursor; self.logSize = logSize; self.createdAt = createdAt
        self.updatedAt = updatedAt; self.startedAt = startedAt; self.endedAt = endedAt
        self.stopRequestedAt = stopRequestedAt
    }
}
