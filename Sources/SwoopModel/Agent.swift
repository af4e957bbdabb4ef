import Foundation

/// A launch agent serving some queues; the server marks it lost when heartbeats stop.
public struct Agent: Sendable, Codable, Hashable {
    public var id: AgentID
    public var entityID: EntityID
    public var name: String
    public var queueIDs: [QueueID]
    public var state: AgentState
    public var lastHeartbeat: Date
    public var createdAt: Date

    public init(
        id: AgentID, entityID: EntityID, name: String, queueIDs: [QueueID], state: AgentState,
        lastHeartbeat: Date, createdAt: Date
    ) {
        self.id = id; self.entityID = entityID; self.name = name; self.queueIDs = queueIDs
        self.state = state; self.lastHeartbeat = lastHeartbeat; self.createdAt = createdAt
    }
}
