import Foundation

/// A person who signs in; `entityID` is their personal entity.
public struct User: Sendable, Codable, Hashable {
    public var id: UserID
    public var name: String
    public var email: String?
    public var role: UserRole
    public var entityID: EntityID?
    public var createdAt: Date

    public init(id: UserID, name: String, email: String?, role: UserRole, entityID: EntityID?, createdAt: Date) {
        self.id = id; self.name = name; self.email = email; self.role = role; self.entityID = entityID; self.createdAt = createdAt
    }
}
