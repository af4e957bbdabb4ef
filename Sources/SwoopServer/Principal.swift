import SwoopModel

/// Who made a request, resolved from its API key (or everyone, when authentication is off).
public enum Principal: Sendable {
    /// `--auth off` on loopback: the local one-command mode, where every caller acts as an admin.
    case local
    /// A person's key, possibly limited to one entity or project.
    case user(User, key: APIKeyRecord, memberships: [Membership])
    /// A run's own token (`SWOOP_API_KEY` given to training code): reads and writes only that run.
    case run(RunID, key: APIKeyRecord)
    /// An agent's token: leases only from that agent's queues and reports on what it runs.
    case agent(Agent, key: APIKeyRecord)

    public var key: APIKeyRecord? {
        switch self {
        case .local: return nil
        case .user(_, let k, _), .run(_, let k), .agent(_, let k): return k
        }
    }

    public var isAdmin: Bool {
        switch self {
        case .local: return true
        case .user(let u, let key, _): return u.role == .admin && key.entityID == nil && key.projectID == nil
        case .run, .agent: return false
        }
    }

    /// The user behind the key (for `.local`, nobody).
    public var userID: UserID? { key?.userID }
}
