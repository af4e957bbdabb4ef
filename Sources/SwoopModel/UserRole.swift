/// What a user may do server-wide: admins manage users, queues and keys of everyone.
public enum UserRole: String, Sendable, Codable, CaseIterable {
    case admin, member
}
