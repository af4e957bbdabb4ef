import Foundation

/// A namespace (user or team) owning projects and queues; its `name` is the first part of `entity/project/...`.
public struct Entity: Sendable, Codable, Hashable {
    public var id: EntityID
    public var name: String
    public var kind: EntityKind
    public var createdAt: Date

    public init(id: EntityID, name: String, kind: EntityKind, createdAt: Date) {
        self.id = id; self.name = name; self.kind = kind; self.createdAt = createdAt
    }
}
