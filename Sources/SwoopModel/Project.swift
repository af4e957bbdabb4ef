import Foundation

/// A project inside an entity: it holds runs, sweeps and jobs.
public struct Project: Sendable, Codable, Hashable {
    public var id: ProjectID
    public var entityID: EntityID
    public var name: String
    public var createdAt: Date

    public init(id: ProjectID, entityID: EntityID, name: String, createdAt: Date) {
        self.id = id; self.entityID = entityID; self.name = name; self.createdAt = createdAt
    }
}
