/// Whether an entity is a user's own namespace or a team's.
public enum EntityKind: String, Sendable, Codable, CaseIterable {
    case user, team
}
