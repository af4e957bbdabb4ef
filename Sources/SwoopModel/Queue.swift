import Foundation

/// A launch queue of an entity, for one kind of resource.
public struct Queue: Sendable, Codable, Hashable {
    public var id: QueueID
    public var entityID: EntityID
    public var name: String
    /// `local-process`, `container`, `slurm`, `kubernetes`, ...: the agents that may serve it.
    public var resource: String
    /// The resource's default configuration, with `{{variable}}` template slots.
    public var configTemplate: JSONValue
    /// Off: every item is treated as `medium`, so the queue is plain FIFO.
    public var prioritized: Bool
    public var expiredLeasePolicy: ExpiredLeasePolicy
    public var createdAt: Date

    public init(
        id: QueueID, entityID: EntityID, name: String, resource: String, configTemplate: JSONValue,
        prioritized: Bool, expiredLeasePolicy: ExpiredLeasePolicy, createdAt: Date
    ) {
        self.id = id; self.entityID = entityID; self.name = name; self.resource = resource
        self.configTemplate = configTemplate; self.prioritized = prioritized
        self.expiredLeasePolicy = expiredLeasePolicy; self.createdAt = createdAt
    }
}
