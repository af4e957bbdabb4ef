import Foundation

/// A stored API key: only its hash (hex SHA-256, computed by the server) and a short prefix to show in lists.
/// The secret itself is never stored, so a leaked database leaks no usable key.
public struct APIKeyRecord: Sendable, Codable, Hashable {
    public var id: APIKeyID
    public var userID: UserID
    public var name: String
    public var prefix: String
    public var hash: String
    public var scope: APIKeyScope
    /// The run a `.run` key is limited to.
    public var runID: RunID?
    /// The agent an `.agent` key acts as; it may lease only from that agent's queues.
    public var agentID: AgentID?
    /// Limits a key to one entity (nil: every entity the user may use).
    public var entityID: EntityID?
    /// Limits a key to one project (nil: the whole entity).
    public var projectID: ProjectID?
    public var createdAt: Date
    public var expiresAt: Date?
    public var revokedAt: Date?

    public init(
        id: APIKeyID, userID: UserID, name: String, prefix: String, hash: String, scope: APIKeyScope,
        runID: RunID? = nil, agentID: AgentID? = nil, entityID: EntityID? = nil, projectID: ProjectID? = nil,
        createdAt: Date, expiresAt: Date? = nil, revokedAt: Date? = nil
    ) {
        self.id = id; self.userID = userID; self.name = name; self.prefix = prefix; self.hash = hash
        self.scope = scope; self.runID = runID; self.agentID = agentID; self.entityID = entityID
        self.projectID = projectID; self.createdAt = createdAt; self.expiresAt = expiresAt; self.revokedAt = revokedAt
    }

    /// A key works when it is neither revoked nor past its expiry.
    public func isUsable(at now: Date) -> Bool {
        revokedAt == nil && (expiresAt.map { now < $0 } ?? true)
    }
}
