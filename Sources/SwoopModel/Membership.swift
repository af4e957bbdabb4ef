import Foundation

/// A user's place in an entity: members use its projects and queues, admins also manage them.
public struct Membership: Sendable, Codable, Hashable {
    public var entityID: EntityID
    public var userID: UserID
    public var role: UserRole
    public var createdAt: Date

    public init(entityID: EntityID, userID: UserID, role: UserRole, createdAt: Date) {
        self.entityID = entityID; self.userID = userID; self.role = role; self.createdAt = createdAt
    }
}
